using Mlops.Deploy.Image;

namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>
/// The real mlops CLI (with TorchSharp and libtorch), published for the training image from the committed sources as
/// <see cref="ServePublish"/> publishes the server: once per source tree, under a lock shared by test processes,
/// building in a reused folder. Older publishes (~640 MB each) are removed when a new one is made.
/// </summary>
public static class CliPublish
{
    private static readonly Lazy<string> Published = new(PublishCommitted);

    /// <summary>The CLI references every project under src/.</summary>
    private static readonly string[] CliSources =
    [
        "Directory.Build.props",
        "Directory.Build.targets",
        "Directory.Packages.props",
        "src",
    ];

    public static string Directory => Published.Value;

    private static string PublishCommitted()
    {
        var root = ServePublish.RepositoryRoot;
        // One commit for both the key and the export: HEAD may move while the tests run.
        var commit = ProcessRunner.RunOrThrow("git", ["-C", root, "rev-parse", "HEAD"]).Trim();
        var tree = ProcessRunner
            .RunOrThrow("git", ["-C", root, "rev-parse", .. CliSources.Select(p => $"{commit}:{p}")])
            .Replace("\n", "");
        var key = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(tree))
        )[..16];
        var cache = Path.Combine(Path.GetTempPath(), "mlops-deploy-tests");
        var output = Path.Combine(cache, $"train-{key}");
        var executable = Path.Combine(output, TrainingRuntimeLayer.Executable);
        if (File.Exists(executable))
            return output;
        System.IO.Directory.CreateDirectory(cache);
        using var publishing = ServePublish.HoldLock(Path.Combine(cache, "train-publish.lock"));
        if (File.Exists(executable))
            return output;

        var work = Path.Combine(cache, "train-build");
        var sources = Path.Combine(work, "src-tree");
        ServePublish.ExportCommitted(root, CliSources, sources, commit);
        var staging = Path.Combine(cache, $"train-publishing-{Guid.NewGuid():N}");
        CliPublisher.Publish(sources, staging, Path.Combine(work, "artifacts"));
        foreach (var older in System.IO.Directory.EnumerateDirectories(cache, "train-*"))
            if (older != work && older != staging) // under the lock, another staging folder is a crashed one
                System.IO.Directory.Delete(older, recursive: true);
        System.IO.Directory.Move(staging, output);
        return output;
    }
}
