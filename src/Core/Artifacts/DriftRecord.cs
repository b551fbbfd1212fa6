namespace Mlops.Core.Artifacts;

/// <summary>
/// One line of a drift log or of a run's drift-reference.jsonl: what came in (input statistics, see Data's
/// ImageFeatures, which also builds these) and what the model answered.
/// </summary>
public sealed record DriftRecord
{
    public required DateTimeOffset Time { get; init; }
    public required string Model { get; init; }
    public required string Version { get; init; }
    public required double Mean { get; init; }
    public required double Std { get; init; }
    public required double Entropy { get; init; }
    public required double EdgeDensity { get; init; }
    public required int Prediction { get; init; }
    public required string Label { get; init; }
    public required double Confidence { get; init; }

    /// <summary>The input file, when records come from offline prediction (`mlops predict`).</summary>
    public string? Input { get; init; }
}
