using Mlops.Deploy.Image;

namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>
/// The real server, published self-contained for linux-x64 from the committed sources (git archive
/// HEAD), so other engineers' uncommitted work cannot break these tests. Cached by the tree's hash.
/// </summary>
public static class ServePublish
{
    private static readonly Lazy<string> Published = new(PublishCommitted);

    public static string Directory => Published.Value;

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Mlops.sln"))) return dir.FullName;
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string OnnxRuntime => Path.Combine(RepositoryRoot, ".deps", "onnxruntime", "libonnxruntime.so.1");

    private static string PublishCommitted()
    {
        var root = RepositoryRoot;
        // The server and what it references; a change elsewhere (Train, Cli...) does not republish.
        string[] paths = ["Directory.Build.props", "Directory.Packages.props", "src/Core", "src/Data", "src/Onnx", "src/Registry", "src/Serve"];
        var tree = ProcessRunner.RunOrThrow("git", ["-C", root, "rev-parse", .. paths.Select(p => $"HEAD:{p}")]).Replace("\n", "");
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(tree)))[..16];
        var cache = Path.Combine(Path.GetTempPath(), "mlops-deploy-tests", $"serve-{key}");
        var output = Path.Combine(cache, "publish");
        if (File.Exists(Path.Combine(output, RuntimeLayer.ServerExecutable))) return output;

        var sources = Path.Combine(cache, "src-tree");
        System.IO.Directory.CreateDirectory(sources);
        var archive = Path.Combine(cache, "head.tar");
        ProcessRunner.RunOrThrow("git", ["-C", root, "archive", "-o", archive, "HEAD", .. paths]);
        ProcessRunner.RunOrThrow("tar", ["-xf", archive, "-C", sources]);
        File.WriteAllText(Path.Combine(sources, "Mlops.sln"), "");
        var staging = Path.Combine(cache, $"publish-{Guid.NewGuid():N}");
        ServePublisher.Publish(sources, staging, Path.Combine(cache, "artifacts"));
        System.IO.Directory.Move(staging, output);
        return output;
    }
}
