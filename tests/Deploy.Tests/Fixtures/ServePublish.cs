using Mlops.Deploy.Image;

namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>
/// The real server, published self-contained for linux-x64 from the committed sources (git archive
/// HEAD), so other engineers' uncommitted work cannot break these tests. A publish is kept per source
/// tree hash; the build folder is reused and only changed files are copied in, so a new commit rebuilds
/// only the projects it touched.
/// </summary>
public static class ServePublish
{
    private static readonly Lazy<string> Published = new(PublishCommitted);

    /// <summary>The server and what it references; a change elsewhere (Train, Cli...) does not republish.</summary>
    private static readonly string[] ServerSources =
    [
        "Directory.Build.props",
        "Directory.Packages.props",
        "src/Core",
        "src/Data",
        "src/Onnx",
        "src/Registry",
        "src/Serve",
    ];

    public static string Directory => Published.Value;

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Mlops.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    private static string PublishCommitted()
    {
        var root = RepositoryRoot;
        var tree = ProcessRunner
            .RunOrThrow("git", ["-C", root, "rev-parse", .. ServerSources.Select(p => $"HEAD:{p}")])
            .Replace("\n", "");
        var key = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(tree))
        )[..16];
        var cache = Path.Combine(Path.GetTempPath(), "mlops-deploy-tests");
        var output = Path.Combine(cache, $"serve-{key}");
        if (File.Exists(Path.Combine(output, RuntimeLayer.ServerExecutable)))
            return output;
        // Test assemblies run as parallel processes (Deploy.Tests and Cli.Tests both publish): one publishes into the
        // shared build folder at a time (two at once made crossgen read a half-written file); the next finds it done.
        System.IO.Directory.CreateDirectory(cache);
        using var publishing = HoldLock(Path.Combine(cache, "publish.lock"));
        if (File.Exists(Path.Combine(output, RuntimeLayer.ServerExecutable)))
            return output;

        var work = Path.Combine(cache, "serve-build");
        var sources = Path.Combine(work, "src-tree");
        ExportCommitted(root, ServerSources, sources);

        var staging = Path.Combine(cache, $"publish-{Guid.NewGuid():N}");
        ServePublisher.Publish(sources, staging, Path.Combine(work, "artifacts"));
        if (System.IO.Directory.Exists(output))
            System.IO.Directory.Delete(output, recursive: true);
        System.IO.Directory.Move(staging, output);
        return output;
    }

    /// <summary>
    /// The <paramref name="paths"/> committed at <paramref name="revision"/> (and an empty Mlops.sln marking the
    /// root) into <paramref name="tree"/>, copying only what changed since the last export there.
    /// </summary>
    internal static void ExportCommitted(string root, string[] paths, string tree, string revision = "HEAD")
    {
        using var exported = new TempDirectory("mlops-head");
        var archive = exported.Combine("head.tar");
        ProcessRunner.RunOrThrow("git", ["-C", root, "archive", "-o", archive, revision, .. paths]);
        var fresh = exported.Combine("tree");
        System.IO.Directory.CreateDirectory(fresh);
        ProcessRunner.RunOrThrow("tar", ["-xf", archive, "-C", fresh]);
        File.WriteAllText(Path.Combine(fresh, "Mlops.sln"), "");
        SyncChangedFiles(fresh, tree);
    }

    /// <summary>An exclusive lock on <paramref name="path"/>, waited for up to 15 minutes.</summary>
    internal static FileStream HoldLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }

    /// <summary>Copies only files whose bytes changed (keeping the others' times, so MSBuild sees them as built) and
    /// drops deleted ones.</summary>
    private static void SyncChangedFiles(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            wanted.Add(relative);
            var target = Path.Combine(to, relative);
            if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
                continue;
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            // Now, not the commit's time that git archive gives: a build of an older commit may have run after this
            // one was committed, and MSBuild would take its outputs as newer than the change.
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
        }
        foreach (var file in System.IO.Directory.EnumerateFiles(to, "*", SearchOption.AllDirectories))
            if (!wanted.Contains(Path.GetRelativePath(to, file)))
                File.Delete(file);
    }
}
