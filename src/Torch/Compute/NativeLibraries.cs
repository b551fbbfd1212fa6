using System.Runtime.InteropServices;

namespace Mlops.Torch.Compute;

/// <summary>Handles on the native libraries TorchSharp loaded, for the functions it does not bind.</summary>
internal static class NativeLibraries
{
    /// <summary>libtorch_cpu.so as TorchSharp loaded it (loading TorchSharp's natives first if needed).</summary>
    public static IntPtr LibTorchCpu()
    {
        TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);
        // Same name and search as TorchSharp's own loader, so this is the already-loaded library, not a second one.
        return NativeLibrary.Load("torch_cpu", typeof(TorchSharp.torch).Assembly, null);
    }
}
