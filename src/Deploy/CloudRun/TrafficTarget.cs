namespace Mlops.Deploy.CloudRun;

/// <summary>
/// One line of a service's traffic split. <see cref="Revision"/> null means "the latest ready revision"
/// (TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST). <see cref="Uri"/> is set on the status side for tagged targets.
/// </summary>
public sealed record TrafficTarget(string? Revision, int Percent, string? Tag = null, string? Uri = null)
{
    public const string LatestType = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
    public const string RevisionType = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

    public static TrafficTarget Latest(int percent = 100) => new(null, percent);
}

/// <summary>What Cloud Run says a service is now.</summary>
public sealed record ServiceState(
    string Name,
    string? Uri,
    string? Etag,
    string? LatestReadyRevision,
    string? LatestCreatedRevision,
    string? Image,
    IReadOnlyList<TrafficTarget> Traffic,
    IReadOnlyList<TrafficTarget> TrafficStatuses
)
{
    /// <summary>The revision carrying the most traffic now, "latest" resolved to the latest ready revision.</summary>
    public string? ServingRevision =>
        TrafficStatuses
            .Select(t => t with { Revision = t.Revision ?? LatestReadyRevision })
            .Where(t => t.Revision is not null)
            .OrderByDescending(t => t.Percent)
            .FirstOrDefault()
            ?.Revision;

    /// <summary>How the service's current template runs (image, limits, scaling, environment); null when the
    /// answer had no container.</summary>
    public ServiceSettings? Template { get; init; }

    /// <summary>Why <see cref="Template"/> is null: what a revision written from it would lose.</summary>
    public string? TemplateUncopyable { get; init; }

    public TrafficTarget? Tagged(string tag) =>
        TrafficStatuses.FirstOrDefault(t => t.Tag == tag) ?? Traffic.FirstOrDefault(t => t.Tag == tag);
}

/// <summary>A revision of a service, for `mlops release status`; its labels say which model version it serves when
/// deployed with one.</summary>
public sealed record RevisionInfo(
    string Name,
    string? Image,
    string? CreateTime,
    bool Ready,
    IReadOnlyDictionary<string, string>? Labels = null
);
