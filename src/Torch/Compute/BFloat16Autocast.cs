using System.Runtime.InteropServices;

namespace Mlops.Torch.Compute;

/// <summary>
/// A CPU bf16 autocast scope, as <c>with torch.autocast("cpu", dtype=torch.bfloat16)</c>: convolutions and matrix
/// products inside run in bfloat16 while weights and their gradients stay float32. TorchSharp 0.107 has no autocast
/// API, so this calls libtorch_cpu.so's <c>at::autocast</c> functions (<see cref="AutocastSupport"/>) on entry and
/// exit. Autocast state is per thread in libtorch: open and dispose the scope on the same thread.
/// </summary>
public sealed unsafe class BFloat16Autocast : IDisposable
{
    private const sbyte Cpu = 0; // c10::DeviceType::CPU
    private const sbyte BFloat16 = 15; // c10::ScalarType::BFloat16

    private static readonly Lazy<Entries> entries = new(Entries.Resolve);
    private bool disposed;

    public BFloat16Autocast()
    {
        var e = entries.Value;
        e.SetEnabled(Cpu, 1);
        e.SetDtype(Cpu, BFloat16);
        e.IncrementNesting();
    }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        var e = entries.Value;
        // Leaving the outermost scope drops the bf16 copies of the weights autocast cached for this pass.
        if (e.DecrementNesting() == 0)
            e.ClearCache();
        e.SetEnabled(Cpu, 0);
    }

    private sealed class Entries
    {
        public delegate* unmanaged<sbyte, byte, void> SetEnabled;
        public delegate* unmanaged<sbyte, sbyte, void> SetDtype;
        public delegate* unmanaged<int> IncrementNesting;
        public delegate* unmanaged<int> DecrementNesting;
        public delegate* unmanaged<void> ClearCache;

        public static Entries Resolve()
        {
            AutocastSupport.EnsureAvailable();
            var library = NativeLibraries.LibTorchCpu();
            IntPtr Export(string signature) => NativeLibrary.GetExport(library, AutocastSupport.Functions[signature]);
            return new Entries
            {
                SetEnabled = (delegate* unmanaged<sbyte, byte, void>)Export(
                    "at::autocast::set_autocast_enabled(c10::DeviceType, bool)"
                ),
                SetDtype = (delegate* unmanaged<sbyte, sbyte, void>)Export(
                    "at::autocast::set_autocast_dtype(c10::DeviceType, c10::ScalarType)"
                ),
                IncrementNesting = (delegate* unmanaged<int>)Export("at::autocast::increment_nesting()"),
                DecrementNesting = (delegate* unmanaged<int>)Export("at::autocast::decrement_nesting()"),
                ClearCache = (delegate* unmanaged<void>)Export("at::autocast::clear_cache()"),
            };
        }
    }
}
