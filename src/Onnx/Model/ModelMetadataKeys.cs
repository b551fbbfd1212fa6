namespace Mlops.Onnx.Model;

/// <summary>
/// The metadata_props keys an exported ONNX file carries so that the file alone is enough to serve and evaluate it.
/// The one place for the writer (Export) and the readers (Serve, eval). Values are plain strings; lists are JSON
/// arrays.
/// </summary>
public static class ModelMetadataKeys
{
    /// <summary>Class names in output order, a JSON array of strings.</summary>
    public const string Labels = "mlops.labels";

    /// <summary>1 (grey) or 3 (RGB).</summary>
    public const string InputChannels = "mlops.input_channels";

    /// <summary>Side of the square input the model takes, e.g. "28".</summary>
    public const string InputSize = "mlops.input_size";

    /// <summary>Optional: shorter side to resize to before a centre crop of <see cref="InputSize"/>.</summary>
    public const string ResizeShorterSide = "mlops.resize_shorter_side";

    /// <summary>Per-channel mean on the 0..1 scale, a JSON array.</summary>
    public const string Mean = "mlops.mean";

    /// <summary>Per-channel standard deviation on the 0..1 scale, a JSON array.</summary>
    public const string Std = "mlops.std";

    /// <summary>Optional: "logits" (default) or "probabilities".</summary>
    public const string OutputKind = "mlops.output";

    /// <summary>Name of the training run the weights come from.</summary>
    public const string Run = "mlops.run";

    /// <summary>Fingerprint of the training data (see Mlops.Data.Fingerprints).</summary>
    public const string DataFingerprint = "mlops.data_fingerprint";

    /// <summary>Top-1 accuracy on the test split, 0..1, as measured at export (or quantization) time.</summary>
    public const string TestAccuracy = "mlops.test_accuracy";

    /// <summary>Architecture, e.g. "resnet18".</summary>
    public const string Arch = "mlops.arch";

    /// <summary>"int8-qdq" on a quantized model; absent on fp32.</summary>
    public const string Quantization = "mlops.quantization";
}
