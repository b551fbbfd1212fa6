using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch;

/// <summary>The PyTorch-shaped entry point: <c>torch.zeros</c>, <c>torch.no_grad()</c>,
/// <c>torch.nn.functional.relu</c>...</summary>
public static partial class torch
{
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int16 = ScalarType.Int16;
    public const ScalarType int8 = ScalarType.Int8;
    public const ScalarType uint8 = ScalarType.UInt8;
    public const ScalarType @bool = ScalarType.Bool;
    public const ScalarType @float = ScalarType.Float32;
    public const ScalarType @long = ScalarType.Int64;
    public const MemoryFormat channels_last = MemoryFormat.ChannelsLast;
    public const MemoryFormat contiguous_format = MemoryFormat.Contiguous;
    public const MemoryFormat preserve_format = MemoryFormat.Preserve;

    /// <summary>Opens a dispose scope on this thread; dispose it to free every tensor created inside.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Native tensors currently alive in this process (diagnostics: leak tests).</summary>
    public static long LiveNativeTensors => NativeMethods.mlt_live_tensors();

    public static void manual_seed(ulong seed) => Check(NativeMethods.mlt_manual_seed(seed));

    /// <summary>
    /// Intra-op threads used by libtorch's CPU kernels. Call it on the thread that runs the model (before its first
    /// op):
    /// OpenMP keeps the count per calling thread.
    /// </summary>
    public static void set_num_threads(int threads)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "at least one thread");
        Check(NativeMethods.mlt_set_num_threads(threads));
    }

    public static int get_num_threads() => NativeMethods.mlt_get_num_threads();

    public static bool is_grad_enabled() => NativeMethods.mlt_grad_enabled() != 0;

    /// <summary><c>using (torch.no_grad()) { ... }</c>: no autograd graph is recorded on this thread inside.</summary>
    public static GradModeScope no_grad() => new(false);

    public static GradModeScope enable_grad() => new(true);

    /// <summary>Sets the thread's grad mode and restores the previous one when disposed.</summary>
    public sealed class GradModeScope : IDisposable
    {
        private readonly bool previous;
        private bool disposed;

        internal GradModeScope(bool enabled)
        {
            previous = is_grad_enabled();
            NativeMethods.mlt_set_grad_enabled(enabled ? 1 : 0);
        }

        public void Dispose()
        {
            if (disposed)
                return;
            disposed = true;
            NativeMethods.mlt_set_grad_enabled(previous ? 1 : 0);
        }
    }
}
