using System.Globalization;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Registry.Models;

namespace Mlops.Deploy.Release;

/// <summary>
/// Keeps a registry alias and the Cloud Run service in agreement across a release step. First the version the step will
/// serve is worked out from the service as it is (the target revision's "mlops-version" label, or the canary's --model)
/// and the registry's promotion gate is asked whether it would accept it: a refusal, an unknown version or a revision
/// without a version label stops the release before any traffic moves. Then the Cloud Run step runs; if it fails, the
/// alias is not touched. Then the alias moves to the version the revision now serving carries. If that move still fails
/// (a concurrent alias change made the gate refuse, the store is unreachable), the traffic split the service had before
/// the step is put back and the error says so — neither side is left half-released. A new revision a canary created
/// stays, at 0%.
/// </summary>
public sealed class ReleaseAliasSync(CloudRunReleaser releaser, ModelRegistry registry, string model, string alias)
{
    /// <summary>Which revision's version the alias follows after the step.</summary>
    public enum Follow
    {
        /// <summary>The revision serving the most traffic (promote, rollback, deploy).</summary>
        Serving,

        /// <summary>The revision tagged "canary" (canary).</summary>
        Canary,
    }

    /// <summary>All traffic to the canary, the alias to its version (the gate decides first).</summary>
    public Task<(ServiceState State, int Version)> PromoteAsync(string reason, CancellationToken cancel) =>
        RunAsync(
            () => releaser.PromoteAsync(cancel),
            Follow.Serving,
            status => VersionOf(status, releaser.PromoteTarget(status.Service)),
            force: false,
            reason,
            cancel
        );

    /// <summary>Traffic back, the alias too even when the gate would refuse the older version: going back must always
    /// work.</summary>
    public Task<(ServiceState State, int Version)> RollbackAsync(string reason, CancellationToken cancel) =>
        RunAsync(
            () => releaser.RollbackAsync(cancel),
            Follow.Serving,
            status => VersionOf(status, releaser.RollbackTarget(status.Service)),
            force: true,
            reason,
            cancel
        );

    /// <summary>A canary revision of <paramref name="version"/> (created by <paramref name="step"/>), the alias to that
    /// version.</summary>
    public Task<(ServiceState State, int Version)> CanaryAsync(
        Func<Task<ServiceState>> step,
        int version,
        string reason,
        CancellationToken cancel
    ) => RunAsync(step, Follow.Canary, _ => version, force: false, reason, cancel);

    /// <param name="step">The Cloud Run change (promote, rollback, canary...).</param>
    /// <param name="planned">The registry version the step will serve, read from the service before it changes.</param>
    /// <param name="force">Move the alias even if the registry's gate would refuse (rollback: going back must always be
    /// possible).</param>
    /// <param name="reason">Recorded in the alias history, followed by the Cloud Run revision.</param>
    public async Task<(ServiceState State, int Version)> RunAsync(
        Func<Task<ServiceState>> step,
        Follow follow,
        Func<ReleaseStatus, int> planned,
        bool force,
        string reason,
        CancellationToken cancel
    )
    {
        var before = await releaser.StatusAsync(cancel);
        var plannedVersion = planned(before);
        var refusal = await registry.RefusalAsync(
            new PromoteRequest(model, plannedVersion, alias) { Force = force, Reason = reason },
            cancel
        );
        if (refusal is not null)
            throw new MlopsException(
                $"promotion refused: {refusal}; nothing was changed (the Cloud Run traffic did not move)",
                $"{model}:{plannedVersion} → {alias}"
            );

        var after = await step();
        try
        {
            var status = await releaser.StatusAsync(cancel);
            var revision =
                follow == Follow.Canary
                    ? status.Service.Tagged(CloudRunReleaser.CanaryTag)?.Revision
                    : status.Service.ServingRevision;
            var version = VersionOf(status, revision);
            var role = follow == Follow.Canary ? AliasFollow.Canary : AliasFollow.Serving;
            await registry.PromoteAsync(
                new PromoteRequest(model, version, alias)
                {
                    Force = force,
                    // The words are for people reading the history; Follows is what release status reads.
                    Reason = $"{reason} (Cloud Run {(follow == Follow.Canary ? "canary " : "")}revision {revision})",
                    Follows = new AliasFollow(releaser.Service.Name, revision!, role),
                },
                cancel
            );
            return (after, version);
        }
        catch (Exception error) when (error is MlopsException or HttpRequestException or IOException)
        {
            var why = error is MlopsException user ? user.ToString() : error.Message;
            try
            {
                await releaser.RestoreTrafficAsync(before.Service, CancellationToken.None);
            }
            catch (Exception restoreError) when (restoreError is MlopsException or HttpRequestException)
            {
                throw new MlopsException(
                    $"alias '{alias}' was not moved ({why}) and putting the earlier traffic split back failed too "
                        + $"({restoreError.Message}): "
                        + "run `mlops release status` and fix the traffic by hand",
                    $"{model}@{alias}",
                    error
                );
            }
            throw new MlopsException(
                $"alias '{alias}' was not moved ({why}); the service's traffic split was put back as it was before "
                    + $"this step",
                $"{model}@{alias}",
                error
            );
        }
    }

    /// <summary>The registry version <paramref name="revision"/> serves (its "mlops-version" label).</summary>
    public static int VersionOf(ReleaseStatus status, string? revision)
    {
        var info = status.Revisions.FirstOrDefault(r => r.Name == revision)
            ?? throw new MlopsException(
                $"revision {revision} is not among the service's revisions",
                status.Service.Name
            );
        return ReleaseLabels.VersionOf(info)
            ?? throw new MlopsException(
                $"revision {revision} carries no '{ReleaseLabels.Version}' label (it was released without --model "
                    + $"<name>:<version>), so its registry version is unknown",
                status.Service.Name
            );
    }

    /// <summary>Whether the alias's last move was made by a release step (so it follows the service).</summary>
    public static bool FollowsService(AliasState alias) => FollowedRole(alias) is not null;

    /// <summary>Whether the alias's last move was made by `release canary` (so it follows the canary revision, not the
    /// serving one).</summary>
    public static bool FollowsCanary(AliasState alias) => FollowedRole(alias) == AliasFollow.Canary;

    /// <summary>
    /// The role the alias follows: the typed <see cref="AliasEvent.Follows"/>; moves recorded before it existed said
    /// so only in their reason ("(Cloud Run revision …)", "(Cloud Run canary revision …)"), read here and
    /// nowhere else.
    /// </summary>
    private static string? FollowedRole(AliasState alias) =>
        alias.LastEvent.Follows?.Role
        ?? (
            alias.LastEvent.Reason is not { } reason ? null
            : reason.Contains(LegacyCanaryNote, StringComparison.Ordinal) ? AliasFollow.Canary
            : reason.Contains(LegacyServingNote, StringComparison.Ordinal) ? AliasFollow.Serving
            : null
        );

    private const string LegacyServingNote = "(Cloud Run revision ";
    private const string LegacyCanaryNote = "(Cloud Run canary revision ";

    /// <summary>What the alias history records: the user's --reason, or which release command moved it.</summary>
    public static string Reason(string? given, string command) =>
        string.IsNullOrWhiteSpace(given) ? $"mlops release {command}" : given.Trim();

    public static string VersionText(int version) => version.ToString(CultureInfo.InvariantCulture);
}
