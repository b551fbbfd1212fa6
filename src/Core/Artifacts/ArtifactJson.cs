using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Core.Artifacts;

/// <summary>
/// How artifact and run files are written and read (quantize.json, export.json, evaluation.json, checkpoints' info,
/// sweep state...): snake_case keys and enum values, invariant numbers.
/// </summary>
public static class ArtifactJson
{
    public static JsonSerializerOptions Options { get; } =
        new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
