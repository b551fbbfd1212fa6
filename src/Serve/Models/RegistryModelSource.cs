using Mlops.Core.Errors;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Serve.Models;

/// <summary>
/// A model served from the registry by reference ("fashion@production", "fashion:3", "fashion" = latest).
/// Each version is pulled (integrity-checked) once into a local cache folder keyed by the model file's sha256;
/// an alias reference follows
/// the alias, which is what hot reload polls.
/// </summary>
public sealed class RegistryModelSource(IBlobStore store, ModelRef reference, string cacheFolder) : IModelSource
{
    private readonly VersionCatalog _catalog = new(store);

    public string Description => $"{reference} ({store.Uri})";

    public ModelRef Reference => reference;

    public async Task<string?> CurrentVersionAsync(CancellationToken cancellationToken) =>
        (await _catalog.ResolveAsync(reference, cancellationToken)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<ModelArtifact> FetchAsync(CancellationToken cancellationToken)
    {
        var card = await _catalog.ResolveAsync(reference, cancellationToken);
        var onnx = card.Files.FirstOrDefault(f => f.Name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            ?? throw new MlopsException($"version {card.Version} of '{card.Model}' holds no .onnx file ({string.Join(", ", card.Files.Select(f => f.Name))})", reference.ToString());
        // Keyed by content as well as number: "fashion:1" of another bucket (or of a wiped and refilled one) is
        // another model, and must never be served from this cache.
        var folder = Path.Combine(cacheFolder, card.Model,
            $"{card.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{onnx.Sha256[..16]}");
        var local = Path.Combine(folder, onnx.Name);
        if (!File.Exists(Path.Combine(folder, RegistryLayout.CardFileName)) || !File.Exists(local))
            await new ModelPuller(store, _catalog).PullAsync(reference with { Version = card.Version, Alias = null }, folder, cancellationToken: cancellationToken);
        return new ModelArtifact(card.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), local);
    }
}
