namespace Mlops.Onnx;

/// <summary>Settings applied when a session is created. A plain value: the native options object lives only during creation.</summary>
public sealed record SessionOptions
{
    /// <summary>Threads used inside one operator (0 = ORT's default: one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads running independent nodes when <see cref="ExecutionMode"/> is Parallel (0 = ORT's default).</summary>
    public int InterOpThreads { get; init; }

    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.All;

    public ExecutionMode ExecutionMode { get; init; } = ExecutionMode.Sequential;

    /// <summary>
    /// ORT session config entries (keys of onnxruntime_session_options_config_keys.h), e.g.
    /// "session.intra_op.allow_spinning" = "0" for a server whose cores are busy with other requests.
    /// </summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// When set, ORT writes the graph it actually runs (after its fusions, e.g. QDQ → QLinearConv) to this ONNX file
    /// while creating the session: the evidence of which kernels a model gets.
    /// </summary>
    public string? OptimizedModelFilePath { get; init; }

    /// <summary>
    /// When set, ORT records every node's run time; <see cref="InferenceSession.EndProfiling"/> writes the trace
    /// (Chrome trace JSON) to a file named from this prefix and returns its path.
    /// </summary>
    public string? ProfileFilePrefix { get; init; }

    public static SessionOptions Default { get; } = new();
}
