using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Serve.Models;

/// <summary>
/// A model served from the registry by reference ("fashion@production", "fashion:3", "fashion" = latest).
/// Each version is pulled (integrity-checked) once into a local cache folder keyed by its files' sha256s;
/// an alias reference follows the alias, which is what hot reload polls. Which .onnx file of the version is served
/// is decided by <see cref="ServingFile.Choose"/>.
/// </summary>
public sealed class RegistryModelSource(IBlobStore store, ModelRef reference, string cacheFolder) : IModelSource
{
    /// <summary>The report `mlops quantize` writes beside the int8 file: it says whether the accuracy gate
    /// passed.</summary>
    private readonly VersionCatalog _catalog = new(store);

    public string Description => $"{reference} ({store.Uri})";

    public ModelRef Reference => reference;

    public async Task<string?> CurrentVersionAsync(CancellationToken cancellationToken) =>
        (await _catalog.ResolveAsync(reference, cancellationToken)).Version.ToString(
            System.Globalization.CultureInfo.InvariantCulture
        );

    public async Task<ModelArtifact> FetchAsync(CancellationToken cancellationToken)
    {
        var card = await _catalog.ResolveAsync(reference, cancellationToken);
        var names = card.Files.Select(f => f.Name).ToList();
        // Refused before any download: a version without a model is not worth pulling.
        ServingFile.RequireModel(names, reference.ToString());
        // Keyed by content as well as number: "fashion:1" of another bucket (or of a wiped and refilled one) is
        // another model, and must never be served from this cache.
        var folder = Path.Combine(
            cacheFolder,
            card.Model,
            $"{card.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{ContentKey(card)}"
        );
        if (
            !File.Exists(Path.Combine(folder, ArtifactNames.ModelCard))
            || card.Files.Any(f => !File.Exists(Path.Combine(folder, f.Name)))
        )
            await new ModelPuller(store, _catalog).PullAsync(
                reference with
                {
                    Version = card.Version,
                    Alias = null,
                },
                folder,
                cancellationToken: cancellationToken
            );
        var chosen = ServingFile.ChooseIn(names, folder, reference.ToString());
        return new ModelArtifact(
            card.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Path.Combine(folder, chosen),
            card.Files.FirstOrDefault(f => f.Name == chosen)?.Sha256
        );
    }

    private static string ContentKey(ModelCard card)
    {
        var all = string.Join(
            "\n",
            card.Files.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name} {f.Sha256}")
        );
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all)))[..16];
    }
}
