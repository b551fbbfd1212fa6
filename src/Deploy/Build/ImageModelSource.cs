using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Deploy.Image;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Deploy.Build;

/// <summary>Where the image's model comes from: a registry reference (fashion@staging) or a plain .onnx file.</summary>
public static class ImageModelSource
{
    public sealed record Resolved(string ModelFile, byte[] CardJson, ImageMetadata Metadata);

    /// <summary>Pulls the version into <paramref name="workFolder"/> (verified by sha256) and picks the file to bake
    /// in.</summary>
    public static async Task<Resolved> FromRegistryAsync(
        string reference,
        string storeUri,
        string? artifact,
        string? gitCommit,
        string workFolder,
        CancellationToken cancel
    )
    {
        using var registry = new ModelRegistry(BlobStoreFactory.Open(storeUri));
        var card = await registry.PullAsync(ModelRef.Parse(reference), workFolder, cancellationToken: cancel);
        var names = card.Files.Select(f => f.Name).ToList();
        // The same rule as the server's (which also refuses a version without any .onnx file): the int8 file only when
        // its quantize.json says the gate passed.
        var chosen = artifact ?? ServingFile.ChooseIn(names, workFolder, reference);
        if (!names.Contains(chosen))
            throw new MlopsException(
                $"{card.Model}:{card.Version} has no file '{chosen}' (files: {string.Join(", ", names)})",
                "--artifact"
            );
        var metadata = new ImageMetadata(
            card.Model,
            card.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            card.Lineage.Run,
            card.Lineage.GitCommit ?? gitCommit
        );
        return new Resolved(
            Path.Combine(workFolder, chosen),
            await File.ReadAllBytesAsync(Path.Combine(workFolder, ArtifactNames.ModelCard), cancel),
            metadata
        );
    }

    public static Resolved FromFile(string modelFile, string? name, string version, string? gitCommit)
    {
        if (!File.Exists(modelFile))
            throw new MlopsException("the model file does not exist", modelFile);
        // a PNG or half a file must not become an image whose server cannot start
        Mlops.Onnx.Model.OnnxModelFile.Read(modelFile);
        var modelName = name ?? Path.GetFileNameWithoutExtension(modelFile).Split('.')[0].ToLowerInvariant();
        // The image's server is started with MLOPS_MODELS=<name>=/model/model.onnx and refuses what the registry
        // refuses.
        try
        {
            RegistryNames.Model(modelName);
        }
        catch (MlopsException error)
        {
            throw new MlopsException(error.Message, "--model-name", error);
        }
        // Listed by sha256 like a registry card, so the image's server reports this version for this very file.
        var card = ModelCardFile.Serialize(
            new FileModelCard(
                modelName,
                version,
                Path.GetFileName(modelFile),
                [
                    new CardFileEntry(
                        ArtifactNames.Model,
                        new FileInfo(modelFile).Length,
                        Core.Hashing.ContentHash.OfFile(modelFile)
                    ),
                ]
            )
        );
        return new Resolved(modelFile, card, new ImageMetadata(modelName, version, null, gitCommit));
    }
}
