using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Registry.Models;

/// <summary>
/// Deletes versions on purpose (a tombstone: the number is never reused) and collects garbage: the files
/// of deleted versions and of pushes that never finished (claimed longer ago than the grace period).
/// </summary>
public sealed class RegistryCollector(IBlobStore store, VersionCatalog catalog, AliasBook aliases, string actor)
{
    public sealed record GcReport(
        IReadOnlyList<string> CollectedVersions,
        int ObjectsDeleted,
        long BytesFreed,
        int StoreLeftovers
    );

    public async Task DeleteVersionAsync(
        string model,
        int version,
        string reason,
        bool force,
        CancellationToken cancellationToken = default
    )
    {
        RegistryNames.Model(model);
        if (string.IsNullOrWhiteSpace(reason))
            throw new MlopsException("deleting a version needs a --reason", "--reason");
        await catalog.CardAsync(model, version, cancellationToken);
        var holders = (await aliases.AllAsync(model, cancellationToken))
            .Where(a => a.Version == version)
            .Select(a => a.Alias)
            .ToList();
        if (holders.Count > 0 && !force)
            throw new MlopsException(
                $"version {version} is held by alias {string.Join(", ", holders)}; move the alias first or use --force",
                $"{model}:{version}"
            );
        await WriteTombstoneAsync(model, version, reason, cancellationToken);
    }

    public async Task<GcReport> CollectAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        var collected = new List<string>();
        int deleted = 0;
        long freed = 0;
        foreach (var model in await catalog.ModelsAsync(cancellationToken))
        {
            foreach (var entry in await catalog.EntriesAsync(model, cancellationToken))
            {
                var abandoned =
                    !entry.HasCard
                    && !entry.IsDeleted
                    && (entry.ClaimedAt is null || DateTimeOffset.UtcNow - entry.ClaimedAt >= grace);
                if (abandoned)
                    await WriteTombstoneAsync(
                        model,
                        entry.Version,
                        "interrupted push collected by gc",
                        cancellationToken
                    );
                if (!abandoned && !entry.IsDeleted)
                    continue;
                var tombstone = RegistryLayout.Tombstone(model, entry.Version);
                var removedHere = 0;
                foreach (var blob in entry.Objects.Where(b => b.Name != tombstone))
                {
                    if (await store.DeleteAsync(blob.Name, null, cancellationToken))
                    {
                        removedHere++;
                        freed += blob.Size;
                    }
                }
                if (removedHere > 0)
                    collected.Add($"{model}:{entry.Version}");
                deleted += removedHere;
            }
        }
        var leftovers = store is ILeftoverCleaner cleaner
            ? await cleaner.CleanLeftoversAsync(grace, cancellationToken)
            : 0;
        return new GcReport(collected, deleted, freed, leftovers);
    }

    private async Task WriteTombstoneAsync(
        string model,
        int version,
        string reason,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await RegistryJson.WriteAsync(
                store,
                RegistryLayout.Tombstone(model, version),
                new VersionTombstone(model, version, actor, DateTimeOffset.UtcNow, reason),
                WriteCondition.DoesNotExist,
                cancellationToken
            );
        }
        catch (PreconditionFailedException) { } // already deleted
    }
}
