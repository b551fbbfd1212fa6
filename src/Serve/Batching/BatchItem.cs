using System.Diagnostics;

namespace Mlops.Serve.Batching;

/// <summary>One input row waiting for a batch: its pre-processed tensor and the request's completion.</summary>
internal sealed class BatchItem(float[] input, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<BatchResult> _completion = new(
        TaskCreationOptions.RunContinuationsAsynchronously
    );

    public float[] Input { get; } = input;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();
    public Task<BatchResult> Result => _completion.Task;

    public void Complete(BatchResult result) => _completion.TrySetResult(result);

    public void Fail(Exception error) => _completion.TrySetException(error);

    public void Cancel() => _completion.TrySetCanceled(CancellationToken);
}

/// <summary>The model's output row for one item and how it travelled.</summary>
public sealed record BatchResult(float[] Output, double QueueMs, double InferenceMs, int BatchSize);
