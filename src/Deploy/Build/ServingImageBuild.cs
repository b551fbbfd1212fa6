using Mlops.Deploy.Image;

namespace Mlops.Deploy.Build;

/// <summary>A built serving image, where its blobs are, and what it serves.</summary>
public sealed record ServingImage(BuiltImage Image, string Layout, ImageMetadata Metadata, string? Archive);

/// <summary>
/// The one way a serving image is built, for `mlops deploy build` and the pipeline: the model resolved (pulled from
/// the registry and checked, or an ONNX file read), the server published from the repository unless a publish is
/// given, the three layers written, and the OCI tarball when asked for.
/// </summary>
public static class ServingImageBuild
{
    public static async Task<ServingImage> RunAsync(
        ServingImageRequest request,
        IProgress<string>? progress,
        CancellationToken cancel
    )
    {
        var root = SourceTree.TryRepositoryRoot();
        string Root() => root ?? SourceTree.RepositoryRoot();
        var gitCommit = root is null ? null : SourceTree.GitCommit(root);
        using var scratch = new ScratchFolder();
        var model = request.Model switch
        {
            RegistryImageModel registry => await ImageModelSource.FromRegistryAsync(
                registry.Reference,
                registry.StoreUri,
                registry.Artifact,
                gitCommit,
                scratch.Path,
                cancel
            ),
            FileImageModel file => ImageModelSource.FromFile(file.Path, file.Name, file.Version, gitCommit),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Model, "unknown image model"),
        };
        var flavour = request.ReadyToRun ? "-r2r" : "";
        var publish = request.ServePublish
            ?? ServePublisher.Publish(
                Root(),
                Path.Combine(Root(), "artifacts", "serve-image", $"publish{flavour}"),
                Path.Combine(Root(), "artifacts", "serve-image", $"build{flavour}"),
                progress,
                request.ReadyToRun
            );
        var layout = request.Layout ?? Path.Combine(Root(), ".mlops", "images");
        var image = ImageBuilder.Build(
            new BlobStore(layout),
            new ImageRequest(publish, model.ModelFile, model.CardJson, model.Metadata),
            progress
        );
        if (request.Archive is { } archive)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(archive))!);
            OciArchive.Write(
                image,
                archive,
                request.ArchiveTag ?? $"{model.Metadata.ModelName}-{model.Metadata.ModelVersion}"
            );
        }
        return new ServingImage(image, layout, model.Metadata, request.Archive);
    }
}
