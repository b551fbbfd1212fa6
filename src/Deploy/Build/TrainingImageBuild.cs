using Mlops.Deploy.Image;

namespace Mlops.Deploy.Build;

/// <summary>A built training image, where its blobs are, and what it says about itself.</summary>
public sealed record TrainingImage(BuiltImage Image, string Layout, TrainingImageMetadata Metadata, string? Archive);

/// <summary>
/// The one way a training image is built: the CLI published from the repository (unless a publish is given, and
/// only when its inputs changed), the layers written, and the OCI tarball when asked for.
/// </summary>
public static class TrainingImageBuild
{
    public static TrainingImage Run(TrainingImageRequest request, IProgress<string>? progress = null)
    {
        var root = SourceTree.TryRepositoryRoot();
        string Root() => root ?? SourceTree.RepositoryRoot();
        var gitCommit = root is null ? null : SourceTree.GitCommit(root);
        var publish = request.CliPublish ?? PublishCli(Root(), progress);
        var metadata = new TrainingImageMetadata(
            request.Version ?? gitCommit?[..12] ?? "dev",
            gitCommit,
            Dataset: request.DatasetFolder
        );
        var layout = request.Layout ?? Path.Combine(Root(), ".mlops", "train-images");
        var image = TrainingImageBuilder.Build(
            new BlobStore(layout),
            new TrainingImageInputs(publish, metadata, request.DatasetFolder),
            progress
        );
        if (request.Archive is { } archive)
        {
            progress?.Report("archive");
            OciArchive.Write(image, archive, request.ArchiveTag ?? TrainingImageBuilder.RefName(metadata));
        }
        return new TrainingImage(image, layout, metadata, request.Archive);
    }

    /// <summary>Publishes src/Cli into &lt;repo&gt;/artifacts/train-image, or reuses the publish there when the key
    /// of its inputs is the one recorded after it.</summary>
    private static string PublishCli(string root, IProgress<string>? progress)
    {
        var folder = Path.Combine(root, "artifacts", "train-image");
        var output = Path.Combine(folder, "publish");
        var stamp = Path.Combine(folder, "publish.inputs");
        var key = PublishInputs.Key(root);
        if (
            File.Exists(stamp)
            && File.ReadAllText(stamp) == key
            && File.Exists(Path.Combine(output, TrainingRuntimeLayer.Executable))
        )
        {
            progress?.Report("src/Cli publish reused (inputs unchanged)");
            return output;
        }
        // Gone before the publish starts, so a publish that fails or is cut short is never taken as current.
        Directory.CreateDirectory(folder);
        File.Delete(stamp);
        CliPublisher.Publish(root, output, Path.Combine(folder, "build"), progress);
        File.WriteAllText(stamp, key);
        return output;
    }
}
