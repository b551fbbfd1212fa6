using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Mlops.Deploy.Build;

/// <summary>
/// A key over everything a publish of src/Cli is made from: every file under src/ (the CLI references every project
/// there), the repository's build files, the SDK version and this host's libstdc++ (which decides whether
/// TorchSharp's library is patched). Equal keys mean an earlier publish can be reused as it is.
/// </summary>
public static class PublishInputs
{
    private static readonly string[] BuildFiles =
    [
        "Directory.Build.props",
        "Directory.Build.targets",
        "Directory.Packages.props",
        "global.json",
        "NuGet.config",
    ];

    public static string Key(string repositoryRoot)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add($"sdk {SdkVersion(repositoryRoot)}");
        var libstdcxx = new FileInfo("/lib/x86_64-linux-gnu/libstdc++.so.6");
        var resolved = libstdcxx.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? libstdcxx;
        Add($"libstdc++ {resolved.FullName} {(resolved.Exists ? resolved.Length : -1)}");
        var files = BuildFiles
            .Select(name => Path.Combine(repositoryRoot, name))
            .Where(File.Exists)
            .Concat(SourceFiles(Path.Combine(repositoryRoot, "src")))
            .Select(file => Path.GetRelativePath(repositoryRoot, file))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            Add(file);
            hash.AppendData(File.ReadAllBytes(Path.Combine(repositoryRoot, file)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Files under <paramref name="folder"/>, outside build output folders a plain build may leave.</summary>
    private static IEnumerable<string> SourceFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
            yield return file;
        foreach (var child in Directory.EnumerateDirectories(folder))
            if (Path.GetFileName(child) is not ("bin" or "obj"))
                foreach (var file in SourceFiles(child))
                    yield return file;
    }

    private static string SdkVersion(string repositoryRoot)
    {
        var start = new ProcessStartInfo("dotnet", ["--version"])
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var dotnet = Process.Start(start);
        if (dotnet is null)
            return "unknown";
        var version = dotnet.StandardOutput.ReadToEnd().Trim();
        dotnet.WaitForExit();
        return dotnet.ExitCode == 0 ? version : $"unknown ({Guid.NewGuid():N})";
    }
}
