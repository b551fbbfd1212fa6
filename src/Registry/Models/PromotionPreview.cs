namespace Mlops.Registry.Models;

/// <summary>
/// "Would this promotion be accepted?" without moving anything: the same gate <see cref="AliasBook.PromoteAsync"/>
/// applies,
/// read against the alias as it is now. A caller that must change something else first (Cloud Run traffic) asks here
/// before it starts; the real move still re-checks under compare-and-swap, so a concurrent alias change is never
/// missed.
/// </summary>
public static class PromotionPreview
{
    /// <returns>Why the gate would refuse the request now, or null when it would be accepted (or the alias already
    /// holds the version).</returns>
    /// <exception cref="Mlops.Core.Errors.MlopsException">The model, alias or version does not exist or is invalid, or
    /// --force comes without --reason.</exception>
    public static async Task<string?> RefusalAsync(
        this ModelRegistry registry,
        PromoteRequest request,
        CancellationToken cancellationToken = default
    )
    {
        var model = RegistryNames.Model(request.Model);
        RegistryNames.Alias(request.Alias);
        PromotionGate.EnsureForceHasReason(request);
        var candidate = await registry.Catalog.CardAsync(model, request.Version, cancellationToken);
        var current = await registry.Aliases.StateAsync(model, request.Alias, cancellationToken);
        if (request.Force || current is null || current.Version == request.Version)
            return null;
        var holderDeleted =
            await registry.Store.StatAsync(RegistryLayout.Tombstone(model, current.Version), cancellationToken)
            is not null;
        var holder = holderDeleted ? null : await registry.Catalog.CardAsync(model, current.Version, cancellationToken);
        return PromotionGate.Check(request, candidate, holder);
    }
}
