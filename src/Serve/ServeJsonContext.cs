using System.Text.Json.Serialization;
using Mlops.Serve.Api;

namespace Mlops.Serve;

/// <summary>Compile-time JSON for every type the server reads or writes (snake_case, trimming-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull
)]
[JsonSerializable(typeof(PredictResponse))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelDescription))]
[JsonSerializable(typeof(HealthAnswer))]
[JsonSerializable(typeof(ReadyAnswer))]
[JsonSerializable(typeof(V2InferResponse))]
[JsonSerializable(typeof(V2ModelMetadata))]
[JsonSerializable(typeof(V2Ready))]
[JsonSerializable(typeof(WebhookAnswer))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(float[]))]
public sealed partial class ServeJsonContext : JsonSerializerContext;
