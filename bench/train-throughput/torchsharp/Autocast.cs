using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Mlops.Bench.TrainThroughput.TorchSharp;

/// <summary>
/// CPU bf16 autocast, which TorchSharp 0.107 has no API for: libtorch_cpu.so's at::autocast functions, called as
/// torch.autocast("cpu", dtype=torch.bfloat16) does on entry and exit. Disposing leaves the scope.
/// </summary>
internal sealed unsafe class Autocast : IDisposable
{
    private const sbyte Cpu = 0;       // c10::DeviceType::CPU
    private const sbyte BFloat16 = 15; // c10::ScalarType::BFloat16

    private static readonly delegate* unmanaged<sbyte, byte, void> SetEnabled =
        (delegate* unmanaged<sbyte, byte, void>)Export("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb");
    private static readonly delegate* unmanaged<sbyte, sbyte, void> SetDtype =
        (delegate* unmanaged<sbyte, sbyte, void>)Export(
            "_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE");
    private static readonly delegate* unmanaged<int> IncrementNesting =
        (delegate* unmanaged<int>)Export("_ZN2at8autocast17increment_nestingEv");
    private static readonly delegate* unmanaged<int> DecrementNesting =
        (delegate* unmanaged<int>)Export("_ZN2at8autocast17decrement_nestingEv");
    private static readonly delegate* unmanaged<void> ClearCache =
        (delegate* unmanaged<void>)Export("_ZN2at8autocast11clear_cacheEv");

    public Autocast()
    {
        SetEnabled(Cpu, 1);
        SetDtype(Cpu, BFloat16);
        IncrementNesting();
    }

    public void Dispose()
    {
        if (DecrementNesting() == 0) ClearCache();
        SetEnabled(Cpu, 0);
    }

    private static IntPtr Export(string name)
    {
        InitializeDeviceType(global::TorchSharp.DeviceType.CPU);
        // The libtorch_cpu.so TorchSharp already loaded (same name and search as its own loader).
        var library = NativeLibrary.Load("torch_cpu", typeof(global::TorchSharp.torch).Assembly, null);
        return NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new EntryPointNotFoundException($"libtorch_cpu.so lacks {name} (needed for bf16 autocast)");
    }
}
