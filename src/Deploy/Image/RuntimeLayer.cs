using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// The middle layer: the self-contained, trimmed publish of the server under /app, with the libonnxruntime.so that
/// the Microsoft.ML.OnnxRuntime package puts in it (from its runtimes/linux-x64/native folder).
/// </summary>
public static class RuntimeLayer
{
    public const string AppDirectory = PublishedApp.AppDirectory;
    public const string ServerExecutable = "mlops-serve";
    public const string OnnxRuntimeFile = "libonnxruntime.so";

    public const string CreatedBy =
        "mlops deploy build: runtime (self-contained mlops-serve for linux-x64, libonnxruntime.so)";

    /// <summary>ORT's bridge for execution providers shipped as separate libraries (CUDA, TensorRT): the image runs
    /// on CPU.</summary>
    private static readonly IReadOnlySet<string> LeftOut = new HashSet<string>(StringComparer.Ordinal)
    {
        "libonnxruntime_providers_shared.so",
    };

    public static IReadOnlyList<LayerEntry> Entries(string publishDirectory)
    {
        if (!File.Exists(Path.Combine(publishDirectory, ServerExecutable)))
            throw new MlopsException(
                $"no {ServerExecutable} in the server publish directory (was src/Serve published for linux-x64?)",
                publishDirectory
            );
        var onnxRuntime = Path.Combine(publishDirectory, OnnxRuntimeFile);
        if (!File.Exists(onnxRuntime))
            throw new MlopsException(
                $"{OnnxRuntimeFile} is missing from the server publish (the Microsoft.ML.OnnxRuntime package puts it "
                    + $"there "
                    + "for -r linux-x64)",
                publishDirectory
            );
        if (!PublishedApp.IsElf(onnxRuntime))
            throw new MlopsException(
                "not a shared library (no ELF header): the image's server could not load ONNX Runtime",
                onnxRuntime
            );

        return PublishedApp.Entries(publishDirectory, ServerExecutable, LeftOut);
    }
}
