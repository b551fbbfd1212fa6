namespace Mlops.Registry.Models;

/// <summary>What to register: files (path on disk, name in the version) and what the card records about them.</summary>
public sealed record PushRequest
{
    public required string Model { get; init; }
    public required IReadOnlyList<PushFile> Files { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();
    public Lineage Lineage { get; init; } = new();
    public string? Description { get; init; }
}

public sealed record PushFile(string SourcePath, string Name);

/// <summary>Bytes moved so far for one file of a push or pull.</summary>
public readonly record struct TransferProgress(string File, long Done, long Total);
