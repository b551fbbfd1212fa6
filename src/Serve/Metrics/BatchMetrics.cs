using Mlops.Serve.Batching;
using Prometheus;

namespace Mlops.Serve.Metrics;

/// <summary>What one model's batcher does, recorded in that model's series (resolved once, not per batch).</summary>
internal sealed class BatchMetrics(ServeMetrics metrics, string model) : IBatchObserver
{
    private readonly Histogram.Child _batchSize = metrics.BatchSize.WithLabels(model);
    private readonly Histogram.Child _inference = metrics.InferenceDuration.WithLabels(model);
    private readonly Histogram.Child _queueWait = metrics.QueueWait.WithLabels(model);
    private readonly Counter.Child _rejections = metrics.QueueRejections.WithLabels(model);

    public void Batch(int size, double inferenceMs)
    {
        _batchSize.Observe(size);
        _inference.Observe(inferenceMs / 1000);
    }

    public void Queued(double queueMs) => _queueWait.Observe(queueMs / 1000);

    public void Rejected() => _rejections.Inc();
}
