using Mlops.Serve.Batching;
using Prometheus;

namespace Mlops.Serve.Metrics;

/// <summary>
/// Every series the server exposes on /metrics, in a prometheus-net registry of its own: not the process-global
/// default one, so several servers in one process (as in the tests) never share a series.
/// Names, help texts, labels and buckets are what dashboards query: change none of them lightly.
/// </summary>
public sealed class ServeMetrics
{
    private static readonly double[] LatencyBuckets =
    [
        0.0005,
        0.001,
        0.0025,
        0.005,
        0.01,
        0.025,
        0.05,
        0.1,
        0.25,
        0.5,
        1,
        2.5,
        5,
        10,
    ];

    private static readonly double[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    public ServeMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        // Standard process_* and dotnet_* series (CPU, memory, threads, GC), as other Prometheus clients expose.
        DotNetStats.Register(Registry);
        Registry.AddBeforeCollectCallback(() => Sampling?.Invoke());
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        // Exemplars (trace ids) appear only in OpenMetrics, which /metrics does not serve: record none per event.
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();

        Requests = factory.CreateCounter(
            "mlops_requests_total",
            "HTTP requests by model, version and status code.",
            ["model", "version", "status"],
            CounterFromFirstEvent
        );
        RequestDuration = PerModel(
            factory.CreateHistogram,
            "mlops_request_duration_seconds",
            "Time from request start to response, by model.",
            Buckets(LatencyBuckets)
        );
        QueueWait = PerModel(
            factory.CreateHistogram,
            "mlops_queue_wait_seconds",
            "Time a row waited in the batching queue, by model.",
            Buckets(LatencyBuckets)
        );
        InferenceDuration = PerModel(
            factory.CreateHistogram,
            "mlops_inference_duration_seconds",
            "Time ONNX Runtime took for one batch, by model.",
            Buckets(LatencyBuckets)
        );
        BatchSize = PerModel(
            factory.CreateHistogram,
            "mlops_batch_size",
            "Rows per batch run, by model.",
            Buckets(BatchBuckets)
        );
        QueueRejections = PerModel(
            factory.CreateCounter,
            "mlops_queue_rejections_total",
            "Rows refused with 503 because the queue was full, by model.",
            CounterFromFirstEvent
        );
        InFlight = factory.CreateGauge("mlops_inflight_requests", "Requests being handled right now.");
        QueueLength = PerModel(
            factory.CreateGauge,
            "mlops_queue_length",
            "Rows waiting for a batch, by model.",
            GaugeFromFirstSet
        );
        LoadSeconds = factory.CreateGauge(
            "mlops_model_load_seconds",
            "How long loading this model version took.",
            ["model", "version"],
            GaugeFromFirstSet
        );
        Loaded = factory.CreateGauge(
            "mlops_model_loaded",
            "1 for every model version currently serving.",
            ["model", "version"],
            GaugeFromFirstSet
        );
        LoadFailures = PerModel(
            factory.CreateCounter,
            "mlops_model_load_failures_total",
            "Model loads that failed (the previous version kept serving), by model.",
            CounterFromFirstEvent
        );
        Reloads = PerModel(
            factory.CreateCounter,
            "mlops_model_reloads_total",
            "Versions switched in without a restart, by model.",
            CounterFromFirstEvent
        );
        DriftDetected = PerModel(
            factory.CreateGauge,
            "mlops_drift_detected",
            "1 when the model's recent predictions drift from the training reference (KS and PSI), else 0.",
            GaugeFromFirstSet
        );
        DriftPsi = factory.CreateGauge(
            "mlops_drift_psi",
            "Population stability index of recent predictions against the training reference, by feature.",
            ["model", "feature"],
            GaugeFromFirstSet
        );
        DriftWindowRows = PerModel(
            factory.CreateGauge,
            "mlops_drift_window_rows",
            "Recent predictions the drift comparison holds, by model.",
            GaugeFromFirstSet
        );
    }

    /// <summary>The registry /metrics serializes.</summary>
    public CollectorRegistry Registry { get; }

    public Counter Requests { get; }
    public Histogram RequestDuration { get; }
    public Histogram QueueWait { get; }
    public Histogram InferenceDuration { get; }
    public Histogram BatchSize { get; }
    public Counter QueueRejections { get; }
    public Gauge InFlight { get; }
    public Gauge QueueLength { get; }
    public Gauge LoadSeconds { get; }
    public Gauge Loaded { get; }
    public Counter LoadFailures { get; }
    public Counter Reloads { get; }
    public Gauge DriftDetected { get; }
    public Gauge DriftPsi { get; }
    public Gauge DriftWindowRows { get; }

    /// <summary>Raised just before each scrape, to refresh gauges sampled, not tracked (queue lengths).</summary>
    public event Action? Sampling;

    public IBatchObserver ObserverFor(string model) => new BatchMetrics(this, model);

    // A labelled series appears at its first event, as it always did here; a model's batch series are resolved
    // when it loads (BatchMetrics), and that alone must not publish zeros.
    private static CounterConfiguration CounterFromFirstEvent => new() { SuppressInitialValue = true };
    private static GaugeConfiguration GaugeFromFirstSet => new() { SuppressInitialValue = true };

    /// <summary>A family labelled by model only, the shape most of the series here have.</summary>
    private static T PerModel<T, TConfiguration>(
        Func<string, string, string[], TConfiguration?, T> create,
        string name,
        string help,
        TConfiguration configuration
    ) => create(name, help, ["model"], configuration);

    private static HistogramConfiguration Buckets(double[] upperBounds) =>
        new() { Buckets = upperBounds, SuppressInitialValue = true };
}
