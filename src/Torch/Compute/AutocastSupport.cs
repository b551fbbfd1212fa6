using System.Runtime.InteropServices;

namespace Mlops.Torch.Compute;

/// <summary>
/// libtorch's CPU autocast (bf16 mixed precision), which TorchSharp 0.107 has no API for: we call libtorch_cpu.so's
/// C++ entry points through P/Invoke. <see cref="EnsureAvailable"/> checks at start-up that the libtorch TorchSharp
/// loaded exports them all, so a libtorch without them fails clearly instead of at the first training step.
/// </summary>
public static class AutocastSupport
{
    /// <summary>The functions we call, by C++ signature, with the mangled names libtorch_cpu.so exports.</summary>
    public static readonly IReadOnlyDictionary<string, string> Functions = new Dictionary<string, string>
    {
        ["at::autocast::set_autocast_enabled(c10::DeviceType, bool)"] =
            "_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb",
        ["at::autocast::set_autocast_dtype(c10::DeviceType, c10::ScalarType)"] =
            "_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE",
        ["at::autocast::increment_nesting()"] = "_ZN2at8autocast17increment_nestingEv",
        ["at::autocast::decrement_nesting()"] = "_ZN2at8autocast17decrement_nestingEv",
        ["at::autocast::clear_cache()"] = "_ZN2at8autocast11clear_cacheEv",
    };

    private static readonly Lazy<IReadOnlyList<string>> missing = new(() => MissingFrom(NativeLibraries.LibTorchCpu()));

    /// <summary>The C++ signatures of <see cref="Functions"/> that TorchSharp's libtorch_cpu.so lacks.</summary>
    public static IReadOnlyList<string> Missing => missing.Value;

    /// <summary>Throws a <see cref="TorchException"/> naming what TorchSharp's libtorch lacks.</summary>
    public static void EnsureAvailable() =>
        ThrowIfAny(Missing, $"TorchSharp's libtorch {TorchSharp.torch.__version__}");

    /// <summary>The same check on another loaded library (the error calls it <paramref name="name"/>).</summary>
    public static void EnsureExportedBy(IntPtr library, string name) => ThrowIfAny(MissingFrom(library), name);

    private static IReadOnlyList<string> MissingFrom(IntPtr library) =>
        Functions.Where(f => !NativeLibrary.TryGetExport(library, f.Value, out _)).Select(f => f.Key).ToList();

    private static void ThrowIfAny(IReadOnlyList<string> missingFunctions, string library)
    {
        if (missingFunctions.Count > 0)
            throw new TorchException(
                $"bf16 autocast needs {string.Join(", ", missingFunctions)}, " + $"which {library} does not export"
            );
    }
}
