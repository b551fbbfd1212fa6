namespace Mlops.Serve.Api;

/// <summary>Open Inference Protocol v2 (KServe/Triton) JSON shapes.</summary>
public sealed record V2Tensor(string Name, string Datatype, IReadOnlyList<long> Shape, float[]? Data = null);

public sealed record V2InferResponse(
    string ModelName,
    string ModelVersion,
    string? Id,
    IReadOnlyList<V2Tensor> Outputs
);

public sealed record V2ModelMetadata(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<V2Tensor> Inputs,
    IReadOnlyList<V2Tensor> Outputs
);

public sealed record V2Ready(bool Ready);
