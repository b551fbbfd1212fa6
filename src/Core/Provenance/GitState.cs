using System.ComponentModel;
using System.Diagnostics;

namespace Mlops.Core.Provenance;

/// <summary>The git commit a piece of work was done from, and whether the working tree had changes.</summary>
public sealed record GitState(string Commit, bool Dirty)
{
    /// <summary>Reads the state of the repository holding <paramref name="folder"/>; null when git or the repository is
    /// missing.</summary>
    public static GitState? Read(string folder)
    {
        var commit = RunGit(folder, "rev-parse", "HEAD");
        if (commit is null || commit.Length == 0)
            return null;
        var changes = RunGit(folder, "status", "--porcelain");
        return new GitState(commit, changes is null || changes.Length > 0);
    }

    private static string? RunGit(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(folder);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start);
            if (process is null)
                return null;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            _ = errors.Result;
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
