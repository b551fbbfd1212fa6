using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// The training image's top layer: the self-contained, untrimmed publish of the mlops CLI under /app (TorchSharp
/// binds its natives by reflection, so trimming would break it), with libtorch's CPU libraries beside it.
/// </summary>
public static class TrainingRuntimeLayer
{
    public const string Executable = "mlops";

    /// <summary>What TorchSharp loads: its own bridge and libtorch's main library (which pulls in the rest).</summary>
    public static readonly IReadOnlyList<string> TorchLibraries = ["libLibTorchSharp.so", "libtorch_cpu.so"];

    public const string CreatedBy =
        "mlops train image: runtime (self-contained mlops CLI for linux-x64, TorchSharp with libtorch for CPU)";

    /// <summary>
    /// libtorch files that nothing of TorchSharp loads: Python bindings (and the shared-memory helper only they use),
    /// PyTorch's own test backends and Android's NNAPI backend (~35 MB).
    /// </summary>
    private static readonly IReadOnlySet<string> LeftOut = new HashSet<string>(StringComparer.Ordinal)
    {
        "libtorch_python.so",
        "libshm.so",
        "libtorchbind_test.so",
        "libjitbackend_test.so",
        "libbackend_with_compiler.so",
        "libaoti_custom_ops.so",
        "libnnapi_backend.so",
    };

    public static IReadOnlyList<LayerEntry> Entries(string publishDirectory)
    {
        if (!File.Exists(Path.Combine(publishDirectory, Executable)))
            throw new MlopsException(
                $"no {Executable} in the CLI publish directory (was src/Cli published for linux-x64?)",
                publishDirectory
            );
        foreach (var library in TorchLibraries)
        {
            var path = Path.Combine(publishDirectory, library);
            if (!File.Exists(path) || !PublishedApp.IsElf(path))
                throw new MlopsException(
                    $"{library} is missing from the CLI publish or is not a shared library: the image could not "
                        + "train (TorchSharp's packages put libtorch there for -r linux-x64)",
                    path
                );
        }
        return PublishedApp.Entries(publishDirectory, Executable, LeftOut);
    }
}
