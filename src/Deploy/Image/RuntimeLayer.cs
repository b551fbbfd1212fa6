using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>The middle layer: the self-contained, trimmed publish of the server and libonnxruntime, under /app.</summary>
public static class RuntimeLayer
{
    public const string AppDirectory = "/app";
    public const string ServerExecutable = "mlops-serve";
    public const string OnnxRuntimeFile = "libonnxruntime.so.1";

    public const string CreatedBy = "mlops deploy build: runtime (self-contained mlops-serve for linux-x64, libonnxruntime.so.1)";

    /// <summary>Files of a publish that only a debugger or tracer uses; the tracer one needs liblttng, absent here.</summary>
    private static readonly HashSet<string> DebugOnlyFiles = new(StringComparer.Ordinal)
    {
        "libcoreclrtraceptprovider.so", "libmscordbi.so", "libmscordaccore.so", "createdump",
    };

    private static bool IsElf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("\u007fELF"u8);
    }

    public static IReadOnlyList<LayerEntry> Entries(string publishDirectory, string onnxRuntimeLibrary)
    {
        if (!File.Exists(Path.Combine(publishDirectory, ServerExecutable)))
            throw new MlopsException($"no {ServerExecutable} in the server publish directory (was src/Serve published for linux-x64?)", publishDirectory);
        if (!File.Exists(onnxRuntimeLibrary))
            throw new MlopsException("libonnxruntime.so.1 is missing (scripts/steps/runtime-onnxruntime.sh fetches it)", onnxRuntimeLibrary);
        if (!IsElf(onnxRuntimeLibrary))
            throw new MlopsException("not a shared library (no ELF header): the image's server could not load ONNX Runtime", onnxRuntimeLibrary);

        var entries = new List<LayerEntry>();
        foreach (var file in Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(publishDirectory, file).Replace('\\', '/');
            var name = Path.GetFileName(file);
            if (DebugOnlyFiles.Contains(name) || name.EndsWith(".pdb", StringComparison.Ordinal) || name.EndsWith(".dbg", StringComparison.Ordinal))
                continue;
            // The publish may carry its own copy of ONNX Runtime; the one given explicitly is the one shipped.
            if (relative == OnnxRuntimeFile)
                continue;
            entries.Add(LayerEntry.FromHostFile($"{AppDirectory}/{relative}", file, IsNative(name) ? LayerEntry.ExecutableMode : LayerEntry.DefaultFileMode));
        }
        entries.Add(LayerEntry.FromHostFile($"{AppDirectory}/{OnnxRuntimeFile}", onnxRuntimeLibrary, LayerEntry.ExecutableMode));
        return entries;
    }

    private static bool IsNative(string name) => name == ServerExecutable || name.Contains(".so", StringComparison.Ordinal);
}
