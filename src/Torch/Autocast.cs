using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch;

public static partial class torch
{
    public const ScalarType bfloat16 = ScalarType.BFloat16;

    /// <summary>
    /// <c>using (torch.autocast(torch.bfloat16)) { ... }</c>: CPU mixed precision on this thread. Inside, convolutions
    /// and
    /// linear layers run in <paramref name="dtype"/> (bfloat16) while parameters stay float32; precision-sensitive ops
    /// (losses, softmax, batch norm statistics) stay float32. Run backward after the scope, as with PyTorch.
    /// </summary>
    public static AutocastScope autocast(ScalarType dtype = ScalarType.BFloat16, bool enabled = true) =>
        new(dtype, enabled);

    /// <summary>Sets this thread's CPU autocast state and restores the previous one when disposed (on the same
    /// thread).</summary>
    public sealed class AutocastScope : IDisposable
    {
        private readonly int previousEnabled;
        private readonly int previousDtype;
        private readonly int ownerThread = Environment.CurrentManagedThreadId;
        private bool disposed;

        internal AutocastScope(ScalarType dtype, bool enabled)
        {
            Check(NativeMethods.mlt_autocast_cpu_state(out previousEnabled, out previousDtype));
            Check(NativeMethods.mlt_autocast_cpu_enter(enabled ? 1 : 0, (int)dtype));
        }

        public void Dispose()
        {
            if (disposed)
                return;
            // The state is per thread: leaving it from another thread would switch the wrong thread's mode.
            if (Environment.CurrentManagedThreadId != ownerThread)
                throw new InvalidOperationException("an autocast scope must be disposed on the thread that opened it");
            disposed = true;
            Check(NativeMethods.mlt_autocast_cpu_exit(previousEnabled, previousDtype));
        }
    }

    /// <summary>Whether CPU autocast is on for this thread.</summary>
    public static bool is_autocast_cpu_enabled()
    {
        Check(NativeMethods.mlt_autocast_cpu_state(out var enabled, out _));
        return enabled != 0;
    }
}
