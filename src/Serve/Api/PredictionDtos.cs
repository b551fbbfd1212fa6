namespace Mlops.Serve.Api;

public sealed record LabelScore(string Label, int Index, float Probability);

public sealed record ImagePrediction(string Input, IReadOnlyList<LabelScore> Top);

/// <summary>Where the time of a request went, in milliseconds.</summary>
public sealed record PredictTimings(double Decode, double Queue, double Inference, double Total, int BatchSize);

public sealed record PredictResponse(
    string Model,
    string Version,
    IReadOnlyList<ImagePrediction> Predictions,
    PredictTimings TimingsMs
);

public sealed record InputDescription(
    string Name,
    string Datatype,
    IReadOnlyList<long> Shape,
    int Channels,
    int Size,
    float[] Mean,
    float[] Std
);

public sealed record ModelDescription(
    string Name,
    string Source,
    bool Loaded,
    string? Version,
    string? Precision,
    string? Sha256,
    DateTimeOffset? LoadedAt,
    double? LoadMs,
    InputDescription? Input,
    IReadOnlyList<string>? Labels,
    int MaxBatchSize,
    double MaxQueueDelayMs,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    bool Downloadable
);

public sealed record ModelList(IReadOnlyList<ModelDescription> Models);

public sealed record HealthAnswer(string Status);

public sealed record ReadyAnswer(string Status, IReadOnlyList<string> Ready, IReadOnlyList<string> NotReady);
