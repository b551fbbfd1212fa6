namespace Mlops.Onnx;

/// <summary>The model-level fields of an ONNX file as ORT reads them, including metadata_props.</summary>
public sealed record ModelMetadata(
    string ProducerName,
    string GraphName,
    string Domain,
    string Description,
    long Version,
    IReadOnlyDictionary<string, string> Custom);
