using System.Text;
using Mlops.Serve.Batching;

namespace Mlops.Serve.Metrics;

/// <summary>Every series the server exposes on /metrics, and the text rendering of them all.</summary>
public sealed class ServeMetrics
{
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    public Counter Requests { get; } = new("mlops_requests_total", "HTTP requests by model, version and status code.", "model", "version", "status");
    public Histogram RequestDuration { get; } = new("mlops_request_duration_seconds", "Time from request start to response, by model.", LatencyBuckets, "model");
    public Histogram QueueWait { get; } = new("mlops_queue_wait_seconds", "Time a row waited in the batching queue, by model.", LatencyBuckets, "model");
    public Histogram InferenceDuration { get; } = new("mlops_inference_duration_seconds", "Time ONNX Runtime took for one batch, by model.", LatencyBuckets, "model");
    public Histogram BatchSize { get; } = new("mlops_batch_size", "Rows per batch run, by model.", BatchBuckets, "model");
    public Counter QueueRejections { get; } = new("mlops_queue_rejections_total", "Rows refused with 503 because the queue was full, by model.", "model");
    public Gauge InFlight { get; } = new("mlops_inflight_requests", "Requests being handled right now.");
    public Gauge QueueLength { get; } = new("mlops_queue_length", "Rows waiting for a batch, by model.", "model");
    public Gauge LoadSeconds { get; } = new("mlops_model_load_seconds", "How long loading this model version took.", "model", "version");
    public Gauge Loaded { get; } = new("mlops_model_loaded", "1 for every model version currently serving.", "model", "version");
    public Counter LoadFailures { get; } = new("mlops_model_load_failures_total", "Model loads that failed (the previous version kept serving), by model.", "model");
    public Counter Reloads { get; } = new("mlops_model_reloads_total", "Versions switched in without a restart, by model.", "model");

    private IEnumerable<MetricFamily> All =>
        [Requests, RequestDuration, QueueWait, InferenceDuration, BatchSize, QueueRejections, InFlight, QueueLength, LoadSeconds, Loaded, LoadFailures, Reloads];

    /// <summary>Called just before rendering, to refresh gauges sampled rather than tracked (queue lengths).</summary>
    public event Action? Sampling;

    public string Render()
    {
        Sampling?.Invoke();
        var text = new StringBuilder();
        foreach (var family in All) family.WriteTo(text);
        return text.ToString();
    }

    public IBatchObserver ObserverFor(string model) => new BatchMetrics(this, model);

    private sealed class BatchMetrics(ServeMetrics metrics, string model) : IBatchObserver
    {
        public void Batch(int size, double inferenceMs)
        {
            metrics.BatchSize.Observe(size, model);
            metrics.InferenceDuration.Observe(inferenceMs / 1000, model);
        }

        public void Queued(double queueMs) => metrics.QueueWait.Observe(queueMs / 1000, model);

        public void Rejected() => metrics.QueueRejections.Inc(1, model);
    }
}
