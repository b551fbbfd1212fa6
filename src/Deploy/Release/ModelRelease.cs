using Mlops.Deploy.CloudRun;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Deploy.Release;

/// <summary>What a release step did: the service after it, and the version the alias moved to (null: no
/// alias).</summary>
public sealed record ReleaseOutcome(ServiceState State, int? AliasVersion);

/// <summary>
/// The release flow `mlops release deploy|canary|promote|rollback` runs: the registry version checked and recorded on
/// the revision as labels, and, when an alias is named, the alias moved with the traffic (<see
/// cref="ReleaseAliasSync"/>: the gate asked before anything moves, the traffic put back if the alias cannot
/// follow).
/// </summary>
/// <param name="registryUri">The model registry's bucket, asked for only by the steps that name a model (a default
/// registry folder that does not exist is then no error).</param>
/// <param name="actor">Who the alias history records (the console's signed-in user); null = $MLOPS_ACTOR or
/// user@host, as for the CLI.</param>
public sealed class ModelRelease(CloudRunReleaser releaser, Func<string> registryUri, string? actor = null)
{
    /// <summary>The service created or rolled to <paramref name="service"/>'s image, 100% of traffic.</summary>
    /// <param name="modelReference">The registry version the image holds (fashion:4, fashion@staging), or
    /// null.</param>
    public async Task<ServiceState> DeployAsync(
        ServiceSettings service,
        string? modelReference,
        CancellationToken cancel
    )
    {
        var labels = modelReference is null ? null : await LabelsAsync(modelReference, service, cancel);
        return await releaser.DeployAsync(service, labels, cancel);
    }

    /// <summary>A revision tagged "canary" with <paramref name="percent"/>% of the traffic; the alias (if any) to its
    /// version.</summary>
    public async Task<ReleaseOutcome> CanaryAsync(
        ServiceSettings service,
        int percent,
        string? modelReference,
        string? alias,
        string? reason,
        CancellationToken cancel
    )
    {
        if (modelReference is null)
            return new(await releaser.CanaryAsync(service, percent, null, cancel), null);
        using var registry = OpenRegistry();
        var card = await registry.ResolveAsync(ModelRef.Parse(modelReference), cancel);
        await EnsureImageOfAsync(registry, card, service, cancel);
        var labels = ReleaseLabels.For(card.Model, ReleaseAliasSync.VersionText(card.Version));
        Task<ServiceState> Step() => releaser.CanaryAsync(service, percent, labels, cancel);
        if (alias is null)
            return new(await Step(), null);
        var (state, version) = await new ReleaseAliasSync(releaser, registry, card.Model, alias).CanaryAsync(
            Step,
            card.Version,
            ReleaseAliasSync.Reason(reason, "canary"),
            cancel
        );
        return new(state, version);
    }

    /// <summary>All traffic to the canary; the alias (if any) to its version, when the registry's gate
    /// accepts.</summary>
    public Task<ReleaseOutcome> PromoteAsync(string? model, string? alias, string? reason, CancellationToken cancel) =>
        MoveAsync(
            model,
            alias,
            () => releaser.PromoteAsync(cancel),
            sync => sync.PromoteAsync(ReleaseAliasSync.Reason(reason, "promote"), cancel)
        );

    /// <summary>Traffic back to the previous revision; the alias (if any) back with it, whatever the gate
    /// says.</summary>
    public Task<ReleaseOutcome> RollbackAsync(string? model, string? alias, string? reason, CancellationToken cancel) =>
        MoveAsync(
            model,
            alias,
            () => releaser.RollbackAsync(cancel),
            sync => sync.RollbackAsync(ReleaseAliasSync.Reason(reason, "rollback"), cancel)
        );

    private async Task<ReleaseOutcome> MoveAsync(
        string? model,
        string? alias,
        Func<Task<ServiceState>> move,
        Func<ReleaseAliasSync, Task<(ServiceState State, int Version)>> moveWithAlias
    )
    {
        if (alias is null || model is null)
            return new(await move(), null);
        using var registry = OpenRegistry();
        var (state, version) = await moveWithAlias(new ReleaseAliasSync(releaser, registry, model, alias));
        return new(state, version);
    }

    private async Task<IReadOnlyDictionary<string, string>> LabelsAsync(
        string reference,
        ServiceSettings service,
        CancellationToken cancel
    )
    {
        using var registry = OpenRegistry();
        var card = await registry.ResolveAsync(ModelRef.Parse(reference), cancel);
        await EnsureImageOfAsync(registry, card, service, cancel);
        return ReleaseLabels.For(card.Model, ReleaseAliasSync.VersionText(card.Version));
    }

    /// <summary>A revision labelled "version N" must run version N's image: when the version records the image it
    /// was pushed as (<see cref="VersionImages"/>), another digest is refused before anything moves.</summary>
    private static async Task EnsureImageOfAsync(
        ModelRegistry registry,
        ModelCard card,
        ServiceSettings service,
        CancellationToken cancel
    )
    {
        if (await VersionImages.FindAsync(registry, card.Model, card.Version, cancel) is not { } recorded)
            return;
        if (VersionImages.DigestOf(recorded) != service.Digest.ToString())
            throw new Core.Errors.MlopsException(
                $"{service.ImageByDigest} is not the image pushed for {card.Model}:{card.Version} ({recorded})",
                "--image"
            );
    }

    private ModelRegistry OpenRegistry() =>
        new(
            BlobStoreFactory.Open(registryUri()),
            actor is null ? new RegistryOptions() : new RegistryOptions { Actor = actor }
        );
}
