namespace Mlops.Core.Artifacts;

/// <summary>
/// File names of the artifacts stages hand each other (a run folder, a registry version, a serving image). The one
/// place they are spelled; the stages refer to these.
/// </summary>
public static class ArtifactNames
{
    /// <summary>The int8 model's report from `mlops quantize`: gate, speed-up, and which file to serve.</summary>
    public const string QuantizeReport = "quantize.json";
}
