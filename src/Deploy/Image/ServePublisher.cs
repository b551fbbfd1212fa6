using System.Diagnostics;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// Publishes src/Serve as a trimmed, self-contained linux-x64 app (works offline: the runtime packs come
/// from the NuGet feed). Trimming is partial: framework assemblies are trimmed, ours are kept whole,
/// because the server binds config, JSON and endpoints by reflection. For the same reason the trimmer's
/// analysis warnings (about reflection on our own, untrimmed, types) are silenced and reflection-based
/// System.Text.Json stays on, as it is in an untrimmed app.
/// Cold start: the assemblies the start and first prediction use are precompiled (ReadyToRun; the list and the
/// runtime settings live in src/Serve/Mlops.Serve.csproj), because trimming drops the framework's own precompiled
/// code and the JIT would otherwise compile the whole start path (bench/deploy/README.md has the figures).
/// </summary>
public static class ServePublisher
{
    public const string RuntimeIdentifier = "linux-x64";

    /// <param name="precompileEverything">
    /// Precompile every assembly, not only those of the start path: the rest of the first requests of other kinds
    /// get faster too, for ~8 MB more compressed image (too much for the 60 MB target with a model on top).
    /// </param>
    public static string Publish(
        string repositoryRoot,
        string outputDirectory,
        string artifactsPath,
        IProgress<string>? progress = null,
        bool precompileEverything = false
    )
    {
        var project = Path.Combine(repositoryRoot, "src", "Serve", "Mlops.Serve.csproj");
        if (!File.Exists(project))
            throw new MlopsException("the server project is missing (run from the mlops repository)", project);
        progress?.Report("dotnet publish src/Serve");
        // A fresh folder: files left by an older publish (a removed assembly) must not reach the image.
        if (Directory.Exists(outputDirectory))
            Directory.Delete(outputDirectory, recursive: true);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var argument in new[]
            {
                "publish",
                project,
                "-c",
                "Release",
                "-r",
                RuntimeIdentifier,
                "--self-contained",
                "true",
                "-p:PublishTrimmed=true",
                "-p:TrimMode=partial",
                "-p:SuppressTrimAnalysisWarnings=true",
                "-p:JsonSerializerIsReflectionEnabledByDefault=true",
                "-p:DebugType=none",
                "-p:PublishReadyToRun=true",
                $"-p:ArtifactsPath={artifactsPath}",
                "-o",
                outputDirectory,
                "-nologo",
                "-v",
                "quiet",
            }
        )
            start.ArgumentList.Add(argument);
        if (precompileEverything)
            start.ArgumentList.Add("-p:PublishReadyToRunAll=true");
        using var process = Process.Start(start) ?? throw new MlopsException("could not start dotnet", "PATH");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new MlopsException(
                $"dotnet publish of the server failed:\n{stdout.Result}{stderr.Result}".TrimEnd(),
                project
            );
        return outputDirectory;
    }
}
