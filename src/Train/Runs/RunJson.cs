using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Train.Runs;

/// <summary>How run files are written: snake_case keys and enum values, invariant numbers.</summary>
public static class RunJson
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
