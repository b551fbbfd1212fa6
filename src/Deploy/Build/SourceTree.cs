using Mlops.Core.Errors;

namespace Mlops.Deploy.Build;

/// <summary>Where an image build finds the repository (to publish src/Serve) and keeps its image layouts.</summary>
public static class SourceTree
{
    public static string RepositoryRoot() =>
        TryRepositoryRoot()
        ?? throw new MlopsException(
            "the mlops repository (Mlops.sln, src/Serve) was not found above the current folder; pass "
                + "--serve-publish, --layout and --onnxruntime",
            Environment.CurrentDirectory
        );

    public static string? TryRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (
                    File.Exists(Path.Combine(dir.FullName, "Mlops.sln"))
                    && Directory.Exists(Path.Combine(dir.FullName, "src", "Serve"))
                )
                    return dir.FullName;
        return null;
    }

    public static string? GitCommit(string repositoryRoot)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", ["-C", repositoryRoot, "rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = System.Diagnostics.Process.Start(start)!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
