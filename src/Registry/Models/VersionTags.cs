using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Registry.Models;

/// <summary>Key/value tags on a version: the version itself is immutable, its tags live beside it, updated by
/// compare-and-swap.</summary>
public sealed class VersionTags(IBlobStore store, VersionCatalog catalog)
{
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(
        string model,
        int version,
        CancellationToken cancellationToken = default
    ) =>
        (
            await RegistryJson.ReadAsync<SortedDictionary<string, string>>(
                store,
                RegistryLayout.Tags(RegistryNames.Model(model), version),
                cancellationToken
            )
        )?.Value
        ?? new SortedDictionary<string, string>();

    public async Task<IReadOnlyDictionary<string, string>> UpdateAsync(
        string model,
        int version,
        IReadOnlyDictionary<string, string> set,
        IReadOnlyCollection<string> remove,
        CancellationToken cancellationToken = default
    )
    {
        RegistryNames.Model(model);
        foreach (var key in set.Keys.Concat(remove))
            RegistryNames.TagKey(key);
        foreach (var value in set.Values)
            if (value.Any(char.IsControl) || value.Length > 1024)
                throw new MlopsException(
                    "tag values must be at most 1024 characters without control characters",
                    "tag value"
                );
        await catalog.CardAsync(model, version, cancellationToken);
        var name = RegistryLayout.Tags(model, version);
        for (var race = 0; race < 100; race++)
        {
            var read = await RegistryJson.ReadAsync<SortedDictionary<string, string>>(store, name, cancellationToken);
            var tags = read?.Value ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in remove)
                tags.Remove(key);
            foreach (var (key, value) in set)
                tags[key] = value;
            try
            {
                await RegistryJson.WriteAsync(
                    store,
                    name,
                    tags,
                    WriteCondition.Replacing(read?.Info),
                    cancellationToken
                );
                return tags;
            }
            catch (PreconditionFailedException) { }
        }
        throw new MlopsException("tags kept changing under us", name);
    }
}
