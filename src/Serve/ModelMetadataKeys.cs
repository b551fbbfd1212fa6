namespace Mlops.Serve;

/// <summary>
/// The metadata_props keys an exported ONNX file carries so that the file alone is enough to serve it.
/// The exporter writes exactly these; the server reads them. Values are plain strings; lists are JSON arrays.
/// </summary>
public static class ModelMetadataKeys
{
    /// <summary>Class names in output order, a JSON array of strings: ["T-shirt/top", "Trouser", ...].</summary>
    public const string Labels = "mlops.labels";

    /// <summary>1 (grey) or 3 (RGB).</summary>
    public const string InputChannels = "mlops.input_channels";

    /// <summary>Side of the square input the model takes, e.g. "28".</summary>
    public const string InputSize = "mlops.input_size";

    /// <summary>Optional: shorter side to resize to before a centre crop of <see cref="InputSize"/>; absent = resize straight to the input size.</summary>
    public const string ResizeShorterSide = "mlops.resize_shorter_side";

    /// <summary>Per-channel mean on the 0..1 scale, a JSON array: [0.286].</summary>
    public const string Mean = "mlops.mean";

    /// <summary>Per-channel standard deviation on the 0..1 scale, a JSON array: [0.353].</summary>
    public const string Std = "mlops.std";

    /// <summary>Optional: "logits" (default; the server applies softmax) or "probabilities".</summary>
    public const string OutputKind = "mlops.output";
}
