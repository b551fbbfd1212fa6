using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Registry.Models;

/// <summary>What versions a model has, which are visible (card written, not deleted), and how a reference
/// resolves.</summary>
public sealed class VersionCatalog(IBlobStore store)
{
    /// <summary>The state of one version number as seen in the bucket.</summary>
    public sealed record VersionEntry(
        int Version,
        bool HasClaim,
        bool HasCard,
        bool IsDeleted,
        DateTimeOffset? ClaimedAt,
        IReadOnlyList<BlobInfo> Objects
    )
    {
        public bool IsVisible => HasCard && !IsDeleted;
    }

    public async Task<IReadOnlyList<string>> ModelsAsync(CancellationToken cancellationToken = default)
    {
        var folders = await store.ListFoldersAsync(RegistryLayout.ModelsPrefix, cancellationToken);
        return folders
            .Select(folder => folder[RegistryLayout.ModelsPrefix.Length..].TrimEnd('/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Refuses a model name the bucket does not hold (a typo), naming the models it does hold.</summary>
    public async Task RequireModelAsync(string model, CancellationToken cancellationToken = default)
    {
        var models = await ModelsAsync(cancellationToken);
        if (models.Contains(model, StringComparer.Ordinal))
            return;
        var known = models.Count == 0 ? "the registry is empty" : $"models: {string.Join(", ", models)}";
        throw new MlopsException($"no model named '{model}' in {store.Uri}; {known}", model);
    }

    /// <summary>Every version number ever taken for the model, with what each holds.</summary>
    public async Task<IReadOnlyList<VersionEntry>> EntriesAsync(
        string model,
        CancellationToken cancellationToken = default
    )
    {
        var byVersion = new SortedDictionary<int, List<BlobInfo>>();
        await foreach (var blob in store.ListAllAsync(RegistryLayout.Versions(model), cancellationToken))
        {
            if (RegistryLayout.VersionOf(model, blob.Name) is not { } version)
                continue;
            if (!byVersion.TryGetValue(version, out var list))
                byVersion[version] = list = [];
            list.Add(blob);
        }
        return byVersion
            .Select(pair =>
            {
                var claim = pair.Value.FirstOrDefault(b => b.Name == RegistryLayout.Claim(model, pair.Key));
                return new VersionEntry(
                    pair.Key,
                    claim is not null,
                    pair.Value.Any(b => b.Name == RegistryLayout.Card(model, pair.Key)),
                    pair.Value.Any(b => b.Name == RegistryLayout.Tombstone(model, pair.Key)),
                    claim?.Updated,
                    pair.Value
                );
            })
            .ToList();
    }

    public async Task<IReadOnlyList<ModelCard>> VisibleCardsAsync(
        string model,
        CancellationToken cancellationToken = default
    )
    {
        var cards = new List<ModelCard>();
        foreach (var entry in (await EntriesAsync(model, cancellationToken)).Where(e => e.IsVisible))
            cards.Add(await CardAsync(model, entry.Version, cancellationToken));
        return cards;
    }

    /// <summary>Takes the next free version number with a create-only claim; a lost race moves on to the next
    /// number.</summary>
    public async Task<int> ClaimNextAsync(string model, string actor, CancellationToken cancellationToken = default)
    {
        var entries = await EntriesAsync(model, cancellationToken);
        var candidate = entries.Count == 0 ? 1 : entries[^1].Version + 1;
        for (var attempt = 0; attempt < 1000; attempt++, candidate++)
        {
            try
            {
                await RegistryJson.WriteAsync(
                    store,
                    RegistryLayout.Claim(model, candidate),
                    new VersionClaim(model, candidate, actor, DateTimeOffset.UtcNow),
                    WriteCondition.DoesNotExist,
                    cancellationToken
                );
                return candidate;
            }
            catch (PreconditionFailedException) { }
        }
        throw new MlopsException(
            "could not claim a version number after 1000 attempts",
            RegistryLayout.Versions(model)
        );
    }

    /// <summary>The card of a visible version; a clear error for unknown, unfinished or deleted versions.</summary>
    public async Task<ModelCard> CardAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var tombstone = await RegistryJson.ReadAsync<VersionTombstone>(
            store,
            RegistryLayout.Tombstone(model, version),
            cancellationToken
        );
        if (tombstone is { Value: var dead })
            throw new MlopsException(
                $"version {version} of '{model}' was deleted by {dead.DeletedBy} at {dead.DeletedAt:u}: {dead.Reason}",
                $"{model}:{version}"
            );
        var card = await RegistryJson.ReadAsync<ModelCard>(
            store,
            RegistryLayout.Card(model, version),
            cancellationToken
        );
        if (card is null)
        {
            await RequireModelAsync(model, cancellationToken);
            throw new MlopsException($"model '{model}' has no version {version}", $"{model}:{version}");
        }
        return card.Value.Value;
    }

    public async Task<ModelCard> ResolveAsync(ModelRef reference, CancellationToken cancellationToken = default)
    {
        if (reference.Version is { } version)
            return await CardAsync(reference.Model, version, cancellationToken);
        if (reference.Alias is { } alias)
        {
            var state = await RegistryJson.ReadAsync<AliasState>(
                store,
                RegistryLayout.Alias(reference.Model, alias),
                cancellationToken
            );
            if (state is null)
            {
                await RequireModelAsync(reference.Model, cancellationToken);
                throw new MlopsException($"model '{reference.Model}' has no alias '{alias}'", reference.ToString());
            }
            return await CardAsync(reference.Model, state.Value.Value.Version, cancellationToken);
        }
        var latest = (await EntriesAsync(reference.Model, cancellationToken)).LastOrDefault(e => e.IsVisible);
        if (latest is null)
        {
            await RequireModelAsync(reference.Model, cancellationToken);
            throw new MlopsException($"model '{reference.Model}' has no versions in {store.Uri}", reference.ToString());
        }
        return await CardAsync(reference.Model, latest.Version, cancellationToken);
    }
}
