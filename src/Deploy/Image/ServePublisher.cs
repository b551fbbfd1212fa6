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
    public const string RuntimeIdentifier = DotnetPublish.RuntimeIdentifier;

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
        progress?.Report("dotnet publish src/Serve");
        List<string> properties =
        [
            "-p:PublishTrimmed=true",
            "-p:TrimMode=partial",
            "-p:SuppressTrimAnalysisWarnings=true",
            "-p:JsonSerializerIsReflectionEnabledByDefault=true",
            "-p:PublishReadyToRun=true",
        ];
        if (precompileEverything)
            properties.Add("-p:PublishReadyToRunAll=true");
        return DotnetPublish.Run(project, "the server", outputDirectory, artifactsPath, properties);
    }
}
