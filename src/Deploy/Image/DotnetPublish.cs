using System.Diagnostics;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// `dotnet publish` of one project of the repository, self-contained for linux-x64, in a child process: an image
/// packages the app's files and never references its assemblies.
/// </summary>
public static class DotnetPublish
{
    public const string RuntimeIdentifier = "linux-x64";

    /// <param name="what">Names the app in the error ("the server").</param>
    /// <param name="properties">Extra MSBuild properties, as "-p:Name=value".</param>
    /// <param name="artifactsPath">The build's own artifacts folder, so it never fights the normal build.</param>
    public static string Run(
        string project,
        string what,
        string outputDirectory,
        string artifactsPath,
        IEnumerable<string> properties
    )
    {
        if (!File.Exists(project))
            throw new MlopsException($"the project of {what} is missing (run from the mlops repository)", project);
        // A fresh folder: files left by an older publish (a removed assembly) must not reach the image.
        if (Directory.Exists(outputDirectory))
            Directory.Delete(outputDirectory, recursive: true);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] head = ["publish", project, "-c", "Release", "-r", RuntimeIdentifier, "--self-contained", "true"];
        string[] tail =
        [
            "-p:DebugType=none",
            $"-p:ArtifactsPath={artifactsPath}",
            "-o",
            outputDirectory,
            "-nologo",
            "-v",
            "quiet",
        ];
        foreach (var argument in head.Concat(properties).Concat(tail))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new MlopsException("could not start dotnet", "PATH");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new MlopsException(
                $"dotnet publish of {what} failed:\n{stdout.Result}{stderr.Result}".TrimEnd(),
                project
            );
        return outputDirectory;
    }
}
