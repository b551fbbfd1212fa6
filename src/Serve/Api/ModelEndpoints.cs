using Microsoft.AspNetCore.Http;
using Mlops.Serve.Models;

namespace Mlops.Serve.Api;

/// <summary>GET /v1/models, /v1/models/{model}, and the v2 metadata/readiness forms of the same facts.</summary>
public static class ModelEndpoints
{
    public static IResult List(ModelHost host, ServeOptions options) =>
        Results.Ok(new ModelList(host.StatusAll().Select(s => Describe(s, host, options)).ToList()));

    public static IResult Get(string model, ModelHost host, ServeOptions options) =>
        Results.Ok(Describe(host.Status(model), host, options));

    public static IResult V2Metadata(string model, ModelHost host)
    {
        var status = host.Status(model);
        var s = status.Serving?.Signature;
        IReadOnlyList<V2Tensor> inputs = s is null
            ? []
            : [new V2Tensor(s.InputName, "FP32", [-1, s.Channels, s.Height, s.Width])];
        IReadOnlyList<V2Tensor> outputs = s is null ? [] : [new V2Tensor(s.OutputName, "FP32", [-1, s.Classes])];
        IReadOnlyList<string> versions = status.Serving is { } v ? [v.Version] : [];
        return Results.Ok(new V2ModelMetadata(model, versions, "onnxruntime_onnx", inputs, outputs));
    }

    public static IResult V2ModelReady(string model, ModelHost host) =>
        host.Status(model).Serving is not null
            ? Results.Ok(new V2Ready(true))
            : Results.Json(new V2Ready(false), statusCode: 503);

    private static ModelDescription Describe(ModelStatus status, ModelHost host, ServeOptions options)
    {
        var v = status.Serving;
        var s = v?.Signature;
        return new ModelDescription(
            status.Name,
            status.Source,
            v is not null,
            v?.Version,
            s?.Precision,
            v?.Sha256,
            v?.LoadedAt,
            v?.LoadTime.TotalMilliseconds,
            s is null
                ? null
                : new InputDescription(
                    s.InputName,
                    "FP32",
                    [-1, s.Channels, s.Height, s.Width],
                    s.Channels,
                    s.Height,
                    s.Mean,
                    s.Std
                ),
            s?.Labels,
            host.Batching.MaxBatchSize,
            host.Batching.MaxQueueDelayMs,
            status.LastError,
            status.LastErrorAt,
            options.AllowsDownload(status.Name)
        );
    }
}
