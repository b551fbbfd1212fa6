namespace Mlops.Deploy.CloudRun;

/// <summary>What `mlops release status` shows: the service, its traffic split with tags, and its revisions.</summary>
public sealed record ReleaseStatus(ServiceState Service, IReadOnlyList<RevisionInfo> Revisions);
