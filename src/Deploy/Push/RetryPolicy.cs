namespace Mlops.Deploy.Push;

/// <summary>How often and how patiently a request is repeated after a network error, 429 or 5xx.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstDelay)
{
    public static readonly RetryPolicy Default = new(4, TimeSpan.FromMilliseconds(500));

    public TimeSpan DelayBefore(int attempt) => FirstDelay * Math.Pow(2, attempt - 2);
}
