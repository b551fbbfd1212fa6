using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// The middle layer: the self-contained, trimmed publish of the server under /app, with the libonnxruntime.so that
/// the Microsoft.ML.OnnxRuntime package puts in it (from its runtimes/linux-x64/native folder).
/// </summary>
public static class RuntimeLayer
{
    public const string AppDirectory = "/app";
    public const string ServerExecutable = "mlops-serve";
    public const string OnnxRuntimeFile = "libonnxruntime.so";

    public const string CreatedBy =
        "mlops deploy build: runtime (self-contained mlops-serve for linux-x64, libonnxruntime.so)";

    /// <summary>Files of a publish that only a debugger or tracer uses; the tracer one needs liblttng, absent
    /// here.</summary>
    private static readonly HashSet<string> DebugOnlyFiles = new(StringComparer.Ordinal)
    {
        "libcoreclrtraceptprovider.so",
        "libmscordbi.so",
        "libmscordaccore.so",
        "createdump",
        // ORT's bridge for execution providers shipped as separate libraries (CUDA, TensorRT): the image runs on CPU.
        "libonnxruntime_providers_shared.so",
    };

    private static bool IsElf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("\u007fELF"u8);
    }

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
        if (!IsElf(onnxRuntime))
            throw new MlopsException(
                "not a shared library (no ELF header): the image's server could not load ONNX Runtime",
                onnxRuntime
            );

        var entries = new List<LayerEntry>();
        foreach (var file in Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(publishDirectory, file).Replace('\\', '/');
            var name = Path.GetFileName(file);
            if (
                DebugOnlyFiles.Contains(name)
                || name.EndsWith(".pdb", StringComparison.Ordinal)
                || name.EndsWith(".dbg", StringComparison.Ordinal)
            )
                continue;
            entries.Add(
                LayerEntry.FromHostFile(
                    $"{AppDirectory}/{relative}",
                    file,
                    IsNative(name) ? LayerEntry.ExecutableMode : LayerEntry.DefaultFileMode
                )
            );
        }
        return entries;
    }

    private static bool IsNative(string name) =>
        name == ServerExecutable || name.Contains(".so", StringComparison.Ordinal);
}
