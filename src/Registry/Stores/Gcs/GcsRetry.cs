using Mlops.Core.Errors;
using Polly;
using Polly.Retry;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>
/// Our retries, only for what StorageClient does not retry itself (it retries 408/429/5xx answers to metadata calls,
/// and 5xx/lost connections inside one resumable upload session): network errors on any call, and a whole upload or
/// download that failed with 408/429/5xx (an upload's session start and a 429 on a chunk are not retried by it).
/// Exponential backoff with jitter (Polly); a clear error when failures persist.
/// </summary>
internal sealed class GcsRetry
{
    private readonly ResiliencePipeline _pipeline;
    private readonly int _maxAttempts;

    public GcsRetry(GcsSettings settings)
    {
        _maxAttempts = Math.Max(1, settings.MaxAttempts);
        var builder = new ResiliencePipelineBuilder();
        if (_maxAttempts > 1)
            builder.AddRetry(
                new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<GcsTransientException>(),
                    MaxRetryAttempts = _maxAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = settings.FirstRetryDelay,
                    MaxDelay = TimeSpan.FromSeconds(32),
                }
            );
        _pipeline = builder.Build();
    }

    /// <summary>Runs <paramref name="action"/> (given the 1-based attempt) until it succeeds, fails for good,
    /// or tries run out.</summary>
    public async Task<T> RunAsync<T>(
        string where,
        Func<int, CancellationToken, Task<T>> action,
        CancellationToken cancellationToken
    )
    {
        var attempt = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
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
                },
                cancellationToken
            );
        }
        catch (GcsTransientException error)
        {
            throw GaveUp(where, attempt, error);
        }
    }

    /// <summary>The error once tries ran out (ours, or the library's NumTries, set to the same count).</summary>
    public MlopsException GaveUp(string where, int attempts, Exception last) =>
        new($"Google Cloud Storage failed {attempts} time(s) in a row, giving up: {last.Message}", where, last);

    public int MaxAttempts => _maxAttempts;
}
