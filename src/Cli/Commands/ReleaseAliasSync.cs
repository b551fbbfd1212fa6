using System.Globalization;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Registry.Models;

namespace Mlops.Cli.Commands;

/// <summary>
/// Keeps a registry alias and the Cloud Run service in agreement across a release step. The Cloud Run step goes first:
/// if it fails, the alias is not touched. Then the alias moves to the version the serving revision carries (its
/// "mlops-version" label). If that move fails (the registry's promotion gate refuses, the store is unreachable, the
/// revision has no version label), the traffic split the service had before the step is put back and the error says
/// so — neither side is left half-released. A new revision a canary created stays, at 0%.
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

    /// <param name="step">The Cloud Run change (promote, rollback, canary...).</param>
    /// <param name="force">Move the alias even if the registry's gate would refuse (rollback: going back must always be possible).</param>
    public async Task<(ServiceState State, int Version)> RunAsync(Func<Task<ServiceState>> step, Follow follow, bool force, string reason, CancellationToken cancel)
    {
        var before = (await releaser.StatusAsync(cancel)).Service;
        var after = await step();
        try
        {
            var status = await releaser.StatusAsync(cancel);
            var revision = follow == Follow.Canary ? status.Service.Tagged(CloudRunReleaser.CanaryTag)?.Revision : status.Service.ServingRevision;
            var info = status.Revisions.FirstOrDefault(r => r.Name == revision)
                ?? throw new MlopsException($"revision {revision} is not among the service's revisions", status.Service.Name);
            var version = ReleaseLabels.VersionOf(info)
                ?? throw new MlopsException($"revision {revision} carries no '{ReleaseLabels.Version}' label (it was released without --model <name>:<version>), so its registry version is unknown", status.Service.Name);
            await registry.PromoteAsync(new PromoteRequest(model, version, alias)
            {
                Force = force,
                Reason = $"{reason} (Cloud Run revision {revision})",
            }, cancel);
            return (after, version);
        }
        catch (Exception error) when (error is MlopsException or HttpRequestException or IOException)
        {
            var why = error is MlopsException user ? user.ToString() : error.Message;
            try
            {
                await releaser.RestoreTrafficAsync(before, CancellationToken.None);
            }
            catch (Exception restoreError) when (restoreError is MlopsException or HttpRequestException)
            {
                throw new MlopsException($"alias '{alias}' was not moved ({why}) and putting the earlier traffic split back failed too ({restoreError.Message}): " +
                                         "run `mlops release status` and fix the traffic by hand", $"{model}@{alias}", error);
            }
            throw new MlopsException($"alias '{alias}' was not moved ({why}); the service's traffic split was put back as it was before this step", $"{model}@{alias}", error);
        }
    }

    /// <summary>Checks a version exists before anything changes (canary/deploy name it with --model name:version).</summary>
    public static async Task<int> CheckVersionAsync(ModelRegistry registry, string reference, CancellationToken cancel)
    {
        var card = await registry.ResolveAsync(ModelRef.Parse(reference), cancel);
        return card.Version;
    }

    public static string VersionText(int version) => version.ToString(CultureInfo.InvariantCulture);
}
