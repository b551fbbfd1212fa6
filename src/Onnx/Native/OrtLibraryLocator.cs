using System.Runtime.InteropServices;
using Mlops.Core.Errors;

namespace Mlops.Onnx.Native;

/// <summary>
/// Finds and loads libonnxruntime.so.1: next to this assembly (the build copies it there), then the file named by
/// MLOPS_ONNXRUNTIME_LIB, then the repository's .deps/onnxruntime (scripts/steps/runtime-onnxruntime.sh).
/// </summary>
internal static class OrtLibraryLocator
{
    public const string FileName = "libonnxruntime.so.1";
    public const string EnvironmentVariable = "MLOPS_ONNXRUNTIME_LIB";

    public static nint Load() => Load(Candidates());

    /// <summary>Loads the first candidate that exists and loads; otherwise says where it looked and how to fix it.</summary>
    public static nint Load(IEnumerable<string> candidates)
    {
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            tried.Add(candidate);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        throw new MlopsException(
            $"ONNX Runtime native library not found (tried: {string.Join(", ", tried)}). " +
            $"Run scripts/bootstrap.sh, or set {EnvironmentVariable} to the path of {FileName}.",
            FileName);
    }

    public static IEnumerable<string> Candidates()
    {
        var assemblyDirectory = Path.GetDirectoryName(typeof(OrtLibraryLocator).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDirectory))
        {
            yield return Path.Combine(assemblyDirectory, FileName);
        }

        yield return Path.Combine(AppContext.BaseDirectory, FileName);

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            yield return fromEnvironment;
        }

        // Walk up from the assembly to the repository root that holds .deps/ (development and test runs).
        for (var directory = new DirectoryInfo(assemblyDirectory ?? AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var deps = Path.Combine(directory.FullName, ".deps", "onnxruntime", FileName);
            if (File.Exists(deps))
            {
                yield return deps;
                yield break;
            }
        }
    }
}
