using Mlops.Deploy.CloudRun;
using Mlops.Registry.Models;

namespace Mlops.Deploy.Release;

/// <summary>One revision as `mlops release status` shows it: its traffic, the registry version it serves and the
/// aliases on that version.</summary>
public sealed record RevisionRow(
    string Revision,
    int Percent,
    string? Tag,
    int? Version,
    IReadOnlyList<string> Aliases,
    RevisionInfo Info
);

/// <summary>
/// The service next to the registry: each revision with the version its "mlops-version" label names and the aliases
/// pointing at that version, and one AGREE/DISAGREE line per alias that follows the service. An alias agrees when it
/// points at the version of the revision serving most traffic — or of the canary, for an alias `release canary`
/// moved.
/// </summary>
public sealed class ReleaseRegistryView
{
    private readonly ReleaseStatus _status;
    private readonly IReadOnlyList<AliasState> _aliases;

    private ReleaseRegistryView(ReleaseStatus status, string? model, IReadOnlyList<AliasState> aliases)
    {
        _status = status;
        _aliases = aliases;
        Model = model;
        Rows = status
            .Revisions.Select(info =>
            {
                var targets = status
                    .Service.TrafficStatuses.Where(t => (t.Revision ?? status.Service.LatestReadyRevision) == info.Name)
                    .ToList();
                var version = ReleaseLabels.VersionOf(info);
                var on = version is null
                    ? []
                    : aliases
                        .Where(a => a.Version == version)
                        .Select(a => a.Alias)
                        .Order(StringComparer.Ordinal)
                        .ToList();
                return new RevisionRow(
                    info.Name,
                    targets.Sum(t => t.Percent),
                    targets.Select(t => t.Tag).FirstOrDefault(t => t is not null),
                    version,
                    on,
                    info
                );
            })
            .ToList();
    }

    public string? Model { get; }

    public IReadOnlyList<RevisionRow> Rows { get; }

    /// <summary>The row of the revision serving most traffic, or null when none does.</summary>
    public RevisionRow? Serving => Rows.FirstOrDefault(r => r.Revision == _status.Service.ServingRevision);

    /// <param name="model">The registry model (from --model or the revisions' "mlops-model" label); null when none is
    /// known.</param>
    /// <param name="aliases">That model's aliases as the registry holds them now.</param>
    public static ReleaseRegistryView Build(ReleaseStatus status, string? model, IReadOnlyList<AliasState> aliases) =>
        new(status, model, aliases);

    /// <summary>The model the revisions say they serve, when they all name the same one.</summary>
    public static string? LabelledModel(ReleaseStatus status)
    {
        var models = status
            .Revisions.Select(r => r.Labels?.GetValueOrDefault(ReleaseLabels.Model))
            .Where(m => m is not null)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return models.Count == 1 ? models[0] : null;
    }

    /// <summary>
    /// One line per checked alias: <paramref name="alias"/> when given, else every alias whose last move was made by
    /// `mlops release` (its history reason names a Cloud Run revision), since those are the ones that follow the
    /// service.
    /// </summary>
    public IReadOnlyList<string> Checks(string? alias)
    {
        if (Model is null)
            return [];
        var checkedAliases = alias is not null ? [alias] : FollowingAliases();
        return checkedAliases.Select(Check).ToList();
    }

    /// <summary>The aliases that follow this service (moved by `mlops release` with it): whoever moves its traffic
    /// moves what each of them serves.</summary>
    public IReadOnlyList<string> FollowingAliases() =>
        _aliases
            .Where(a => ReleaseAliasSync.FollowsService(a) && FollowsThisService(a))
            .Select(a => a.Alias)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// An alias a release of another service moved follows that one, not this. Compared from "locations/…" on: the
    /// API may name the project by number where the release named it by id. Moves recorded before the typed field
    /// cannot tell, and count.
    /// </summary>
    private bool FollowsThisService(AliasState alias) =>
        alias.LastEvent.Follows is not { } follows
        || LocationAndName(follows.Service) == LocationAndName(_status.Service.Name);

    private static string LocationAndName(string resource)
    {
        var at = resource.IndexOf("locations/", StringComparison.Ordinal);
        return at < 0 ? resource : resource[at..];
    }

    private string Check(string alias)
    {
        var state = _aliases.FirstOrDefault(a => a.Alias == alias);
        var serving = Serving;
        var canary = Rows.FirstOrDefault(r => r.Tag == CloudRunReleaser.CanaryTag);
        var followsCanary = state is not null && ReleaseAliasSync.FollowsCanary(state);
        var followed = followsCanary ? canary : serving;
        var role = followsCanary ? "canary" : "serving revision";
        if (followed is null)
            return $"DISAGREE: {Model}@{alias} follows the {role}, but the service has "
                + $"none{(serving is null ? "" : $" (it serves {Describe(serving)})")}";
        if (state is null)
            return $"DISAGREE: {Model} has no alias '{alias}', while the {role} serves {Describe(followed)}";
        return followed.Version == state.Version
            ? $"AGREE: {Model}@{alias} → version {state.Version}, as the {role} serves: {Describe(followed)}"
            : $"DISAGREE: {Model}@{alias} → version {state.Version}, but the {role} serves {Describe(followed)}";
    }

    private static string Describe(RevisionRow row) =>
        $"version {(row.Version is { } v ? ReleaseAliasSync.VersionText(v) : "unknown (no label)")} (revision "
        + $"{row.Revision}, {row.Percent}%{(row.Tag is null ? "" : $", tag {row.Tag}")})";
}
