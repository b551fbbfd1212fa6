namespace Mlops.Registry.Models;

/// <summary>
/// The immutable description of one model version, written last: its presence makes the version visible.
/// </summary>
public sealed record ModelCard
{
    public int Schema { get; init; } = 1;
    public required string Model { get; init; }
    public required int Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public string? Description { get; init; }
    public required IReadOnlyList<CardFile> Files { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();
    public Lineage Lineage { get; init; } = new();
}

/// <summary>One artifact of a version, addressed by content.</summary>
public sealed record CardFile(string Name, long Size, string Sha256);

/// <summary>Where a version came from.</summary>
public sealed record Lineage
{
    public string? Run { get; init; }
    public string? GitCommit { get; init; }
    public string? DataFingerprint { get; init; }
    public int? ParentVersion { get; init; }
}

/// <summary>Written when a version number is taken (create-only), before any file: it is the allocation.</summary>
public sealed record VersionClaim(string Model, int Version, string ClaimedBy, DateTimeOffset ClaimedAt);

/// <summary>Marks a version deleted on purpose or abandoned by an interrupted push; the number is never
/// reused.</summary>
public sealed record VersionTombstone(
    string Model,
    int Version,
    string DeletedBy,
    DateTimeOffset DeletedAt,
    string Reason
);
