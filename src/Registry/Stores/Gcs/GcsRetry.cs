using Mlops.Core.Errors;
using Polly;
using Polly.Retry;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>A failure worth retrying: HTTP 408/429/5xx, a dropped connection, a timeout.</summary>
internal sealed class GcsTransientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Retries transient GCS failures with exponential backoff and jitter (Polly); a clear error when they persist.</summary>
internal sealed class GcsRetry
{
    private readonly ResiliencePipeline _pipeline;
    private readonly int _maxAttempts;

    public GcsRetry(GcsSettings settings)
    {
        _maxAttempts = Math.Max(1, settings.MaxAttempts);
        var builder = new ResiliencePipelineBuilder();
        if (_maxAttempts > 1)
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<GcsTransientException>(),
                MaxRetryAttempts = _maxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.FirstRetryDelay,
                MaxDelay = TimeSpan.FromSeconds(32),
            });
        _pipeline = builder.Build();
    }

    /// <summary>Runs <paramref name="action"/> (given the 1-based attempt number) until it succeeds, fails for good, or retries run out.</summary>
    public async Task<T> RunAsync<T>(string where, Func<int, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var attempt = 0;
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                attempt++;
                try
                {
                    return await action(attempt, token);
                }
                catch (HttpRequestException error)
                {
                    throw new GcsTransientException(error.Message, error);
                }
                catch (TaskCanceledException error) when (!token.IsCancellationRequested)
                {
                    throw new GcsTransientException("the request timed out", error);
                }
            }, cancellationToken);
        }
        catch (GcsTransientException error)
        {
            throw new MlopsException($"Google Cloud Storage failed {attempt} time(s) in a row, giving up: {error.Message}", where, error);
        }
    }
}
