using Mlops.Core.Errors;

namespace Mlops.Serve.Errors;

/// <summary>A user-facing serving error with the HTTP status it maps to.</summary>
public class ServeException(int statusCode, string message, string? where = null) : MlopsException(message, where)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Seconds a client should wait before retrying (Retry-After), when the error is temporary.</summary>
    public int? RetryAfterSeconds { get; init; }
}

/// <summary>The model's queue is full: the server sheds load instead of letting latency grow without bound.</summary>
public sealed class QueueFullException : ServeException
{
    public QueueFullException(string model, int capacity)
        : base(503, $"model '{model}' has {capacity} rows queued already; retry shortly", $"model '{model}' queue")
    {
        RetryAfterSeconds = 1;
    }
}
