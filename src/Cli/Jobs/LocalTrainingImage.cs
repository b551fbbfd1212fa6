using Mlops.Cli.Commands.Common;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Deploy.Build;
using Mlops.Train.Sweeps.Jobs;

namespace Mlops.Cli.Jobs;

/// <summary>
/// The training image a local-jobs run uses when no --image is given: built from this checkout with the one data
/// folder its trials read baked in (at the same path, so their configs need no change), written as an OCI archive
/// into the user cache once per image digest.
/// </summary>
public static class LocalTrainingImage
{
    public static string Build(SweepJob job, TextWriter output)
    {
        var dataset = BakedFolder(job.DataFolders());
        var folder = Path.Combine(UserFolders.Cache(), "images");
        var image = TrainingImageBuild.Run(
            new TrainingImageRequest(DatasetFolder: dataset, Layout: Path.Combine(folder, "layout")),
            new SynchronousProgress<string>(step => output.WriteLine($"  training image: {step}"))
        );
        var archive = Path.Combine(folder, $"training-{image.Image.Manifest.Digest.Hex[..16]}.oci.tar");
        if (!File.Exists(archive))
            Deploy.Image.OciArchive.Write(image.Image, archive, $"training-{image.Metadata.Version}");
        output.WriteLine($"training image {image.Image.Manifest.Digest} ({archive})");
        return archive;
    }

    /// <summary>The local folder to bake in: none when the trials read a bucket, refused when they read several
    /// (one image serves every task) or one that is not here.</summary>
    private static string? BakedFolder(IReadOnlyList<string> folders)
    {
        var local = folders.Where(folder => !folder.StartsWith("gs://", StringComparison.Ordinal)).ToList();
        if (local.Count > 1)
            throw new MlopsException(
                "one training image serves every task, and the trials read different data folders ("
                    + string.Join(", ", local)
                    + "): give the sweep one data.root, or build an image yourself and pass --image",
                "data.root"
            );
        if (local.Count == 1 && !Directory.Exists(local[0]))
            throw new MlopsException($"the trials read {local[0]}, which is not a folder on this machine", "data.root");
        return local.SingleOrDefault();
    }
}
