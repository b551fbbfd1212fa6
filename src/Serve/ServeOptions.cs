using Mlops.Serve.Batching;

namespace Mlops.Serve;

/// <summary>Everything `mlops serve` and the serving image can be told. Defaults suit a 2-core machine.</summary>
public sealed record ServeOptions
{
    /// <summary>Models to serve: "name=path.onnx", "path.onnx" (named after the file) or a registry reference
    /// "fashion@production".</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Registry bucket for references: file:///path or a folder (env MLOPS_REGISTRY).</summary>
    public string? Registry { get; init; }

    /// <summary>Where registry versions are pulled to.</summary>
    public string CacheFolder { get; init; } = Path.Combine(Path.GetTempPath(), "mlops-serve-cache");

    public BatchingOptions Batching { get; init; } = new();

    /// <summary>ORT threads inside one operator (0 = ORT's default).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Whether ORT's intra-op threads spin after a run waiting for the next one (ORT's own default). Off here: the
    /// spinning threads take the cores the HTTP side needs to read the next request and write the answer
    /// (bench/serve measured a lower p99 and a higher batched throughput without it on 2 cores).
    /// </summary>
    public bool OrtSpinWait { get; init; }

    /// <summary>A request waiting longer than this gets 504 (its rows are dropped if not yet run).</summary>
    public int RequestTimeoutMs { get; init; } = 30_000;

    /// <summary>Loaded model files may take this many bytes in total; beyond it the least recently used are
    /// unloaded.</summary>
    public long MemoryCapBytes { get; init; } = 2L << 30;

    /// <summary>Largest accepted request body (413 beyond).</summary>
    public long MaxBodyBytes { get; init; } = 16L << 20;

    /// <summary>Largest image accepted, in pixels, checked from the header before decoding.</summary>
    public long MaxPixels { get; init; } = Mlops.Data.Images.ImageDecoder.DefaultMaxPixels;

    public int MaxImagesPerRequest { get; init; } = 64;

    public int DefaultTopK { get; init; } = 5;

    /// <summary>Load every model at start (true) or on its first request (false).</summary>
    public bool Preload { get; init; } = true;

    /// <summary>How often reloadable sources are checked for a new version (0 = only the webhook).</summary>
    public double ReloadPollSeconds { get; init; } = 10;

    /// <summary>Folder for drift logs (null = no drift logging).</summary>
    public string? DriftLogFolder { get; init; }

    public long DriftLogMaxBytes { get; init; } = 8L << 20;

    /// <summary>Bucket URI (file://, gs://) that receives every closed drift log file; null = keep them local
    /// only.</summary>
    public string? DriftUpload { get; init; }

    /// <summary>Training reference (a run folder or a drift JSONL file) that recent predictions are compared with for
    /// the mlops_drift_* series; null = no live drift comparison.</summary>
    public string? DriftReference { get; init; }

    /// <summary>Recent predictions per model the live drift comparison holds.</summary>
    public int DriftWindow { get; init; } = 500;

    /// <summary>
    /// The secret the webhook and reload requests must be signed with ($MLOPS_WEBHOOK_SECRET; never a command-line
    /// flag, which would land in shell history and process lists); null = those endpoints are off.
    /// </summary>
    public string? WebhookSecret { get; init; } = Core.Security.WebhookSignature.SecretFromEnvironment();

    /// <summary>Models whose file `GET /v1/models/{m}/onnx` does not hand out ("*": none); the page then runs them on
    /// the server only.</summary>
    public IReadOnlyList<string> NoDownload { get; init; } = [];

    public bool AllowsDownload(string model) => !NoDownload.Contains("*") && !NoDownload.Contains(model);

    /// <summary>Closed drift log files kept; older ones are deleted.</summary>
    public int DriftLogMaxFiles { get; init; } = 20;
}
