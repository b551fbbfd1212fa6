using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mlops.Core.Errors;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Serve.Models;

/// <summary>
/// A model served from the registry by reference ("fashion@production", "fashion:3", "fashion" = latest).
/// Each version is pulled (integrity-checked) once into a local cache folder keyed by its files' sha256s;
/// an alias reference follows the alias, which is what hot reload polls. Which .onnx file of the version is served
/// is decided by <see cref="ChooseServingFile"/>.
/// </summary>
public sealed class RegistryModelSource(IBlobStore store, ModelRef reference, string cacheFolder) : IModelSource
{
    /// <summary>The report `mlops quantize` writes beside the int8 file: it says whether the accuracy gate
    /// passed.</summary>
    public const string QuantizeReportFile = Core.Artifacts.ArtifactNames.QuantizeReport;

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
        if (!names.Any(IsModel))
            throw NoModel(names, reference.ToString());
        // Keyed by content as well as number: "fashion:1" of another bucket (or of a wiped and refilled one) is
        // another model, and must never be served from this cache.
        var folder = Path.Combine(
            cacheFolder,
            card.Model,
            $"{card.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{ContentKey(card)}"
        );
        if (
            !File.Exists(Path.Combine(folder, RegistryLayout.CardFileName))
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
        var chosen = ChooseServingFile(names, folder, reference.ToString());
        return new ModelArtifact(
            card.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Path.Combine(folder, chosen),
            card.Files.FirstOrDefault(f => f.Name == chosen)?.Sha256
        );
    }

    /// <summary>
    /// The .onnx file a version serves: the int8 file only when the version's quantize.json chose it ("serve_int8":
    /// it passed the accuracy gate and was faster; reports written before that field count a passed gate) and names it;
    /// otherwise the fp32 model.onnx; a version with a single .onnx serves that one.
    /// Anything else is ambiguous and refused rather than guessed.
    /// </summary>
    public static string ChooseServingFile(IReadOnlyList<string> files, string folder, string where)
    {
        var models = files.Where(IsModel).ToList();
        if (models.Count == 0)
            throw NoModel(files, where);
        if (models.Count == 1)
            return models[0];
        if (
            files.Contains(QuantizeReportFile)
            && GatedInt8File(Path.Combine(folder, QuantizeReportFile)) is { } gated
            && models.Contains(gated)
        )
            return gated;
        if (models.Contains("model.onnx"))
            return "model.onnx";
        throw new MlopsException(
            $"cannot tell which model file to serve among {string.Join(", ", models)} (no model.onnx, and no "
                + $"{QuantizeReportFile} naming a gated int8 file)",
            where
        );
    }

    private static bool IsModel(string file) => file.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    private static MlopsException NoModel(IReadOnlyList<string> files, string where) =>
        new($"the version holds no .onnx file (files: {string.Join(", ", files)})", where);

    /// <summary>The int8 file name quantize.json chose to serve, or null.</summary>
    private static string? GatedInt8File(string reportPath)
    {
        try
        {
            using var report = JsonDocument.Parse(File.ReadAllBytes(reportPath));
            var root = report.RootElement;
            return
                root.ValueKind == JsonValueKind.Object
                && (root.TryGetProperty("serve_int8", out var chosen) || root.TryGetProperty("passed", out chosen))
                && chosen.ValueKind == JsonValueKind.True
                && root.TryGetProperty("int8_model", out var int8)
                && int8.ValueKind == JsonValueKind.String
                ? Path.GetFileName(int8.GetString())
                : null;
        }
        catch (JsonException)
        {
            return null; // an unreadable report proves nothing: serve fp32
        }
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
