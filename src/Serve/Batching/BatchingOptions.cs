namespace Mlops.Serve.Batching;

/// <summary>How requests of one model are grouped: at most <see cref="MaxBatchSize"/> rows, waiting at most <see
/// cref="MaxQueueDelayMs"/> for company.</summary>
public sealed record BatchingOptions
{
    public int MaxBatchSize { get; init; } = 32;
    public double MaxQueueDelayMs { get; init; } = 2;

    /// <summary>Rows allowed to wait; beyond this a request gets 503 + Retry-After.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Threads taking batches off the queue (each runs one batch at a time).</summary>
    public int Workers { get; init; } = 1;
}
