namespace Mlops.Deploy.Image;

/// <summary>
/// Publishes src/Cli (the mlops CLI, with TorchSharp and libtorch) as an untrimmed, self-contained linux-x64 app for
/// the training image. Untrimmed: TorchSharp is not trim-safe. Not precompiled: the framework's assemblies already
/// are, and a training task runs for minutes, so a faster start is not worth crossgen's time and megabytes.
/// </summary>
public static class CliPublisher
{
    /// <summary>
    /// Where Mlops.Torch's build writes the libLibTorchSharp.so patched for a libstdc++ older than GCC 13
    /// (src/Torch/compat), under the build's artifacts folder. Its targets swap it into build outputs but not into a
    /// RID-specific publish, where the natives sit in the root folder; the image copies this host's libstdc++, so it
    /// needs the patched copy just as the host does.
    /// </summary>
    public static readonly IReadOnlyList<string> PatchedTorchSharpFiles =
    [
        "libLibTorchSharp.so",
        "libmlops_glibcxx_compat.so",
    ];

    public static string Publish(
        string repositoryRoot,
        string outputDirectory,
        string artifactsPath,
        IProgress<string>? progress = null
    )
    {
        var project = Path.Combine(repositoryRoot, "src", "Cli", "Mlops.Cli.csproj");
        progress?.Report("dotnet publish src/Cli");
        DotnetPublish.Run(project, "the CLI", outputDirectory, artifactsPath, []);
        var patched = Path.Combine(artifactsPath, "native", "torchsharp");
        // Nothing there when this host's libstdc++ loads TorchSharp's library as shipped.
        if (File.Exists(Path.Combine(patched, PatchedTorchSharpFiles[0])))
            foreach (var name in PatchedTorchSharpFiles)
            {
                var target = Path.Combine(outputDirectory, name);
                // Replaced, not overwritten in place: the published file may be a hard link into the NuGet cache.
                File.Delete(target);
                File.Copy(Path.Combine(patched, name), target);
            }
        return outputDirectory;
    }
}
