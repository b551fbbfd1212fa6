namespace Mlops.Core.Artifacts;

/// <summary>export.json: what was exported from where, and the parity proof that vouches for it.</summary>
public sealed record ExportReport
{
    public required string Model { get; init; }
    public required string Run { get; init; }
    public required string Checkpoint { get; init; }
    public required string Arch { get; init; }
    public required long Opset { get; init; }
    public required bool FoldedBatchNorm { get; init; }
    public required int Nodes { get; init; }
    public required long SizeBytes { get; init; }
    public double? TestAccuracy { get; init; }
    public required ParityResult Parity { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>The one writer of export.json (the run report shows it as it is).</summary>
public static class ExportReportFile
{
    public static void Write(string path, ExportReport report) =>
        IO.AtomicFile.WriteAllText(
            path,
            System.Text.Json.JsonSerializer.Serialize(report, ArtifactJson.Indented) + "\n"
        );
}
