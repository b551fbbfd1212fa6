using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch;

/// <summary>
/// A libtorch tensor (CPU). Owns one native handle: dispose it, or create it inside a <see cref="DisposeScope"/>
/// that disposes it. Methods follow PyTorch's names; a trailing underscore means in place.
/// </summary>
public partial class Tensor : IDisposable
{
    internal readonly TensorHandle Handle;
    internal DisposeScope? OwningScope;

    /// <summary>Takes ownership of a native tensor returned by the shim and registers it with the current
    /// scope.</summary>
    internal Tensor(IntPtr native)
    {
        if (native == IntPtr.Zero)
            throw new TorchException("libtorch returned an undefined tensor");
        Handle = new TensorHandle(native);
        DisposeScope.Register(this);
    }

    /// <summary>Takes ownership of a native tensor without registering it with any scope (parameters,
    /// buffers).</summary>
    private protected Tensor(IntPtr native, bool unscoped)
    {
        if (native == IntPtr.Zero)
            throw new TorchException("libtorch returned an undefined tensor");
        Handle = new TensorHandle(native);
        if (!unscoped)
            DisposeScope.Register(this);
    }

    /// <summary>Wraps a native tensor that its creator owns outright (optimizer state), outside any scope.</summary>
    internal static Tensor Unscoped(IntPtr native) => new(native, unscoped: true);

    internal static Tensor? FromNativeOrNull(IntPtr native) => native == IntPtr.Zero ? null : new Tensor(native);

    public bool IsDisposed => Handle.IsClosed || Handle.IsInvalid;

    public void Dispose()
    {
        Handle.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Takes the tensor out of its dispose scope: the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        OwningScope = null;
        return this;
    }

    /// <summary>Hands the tensor to the scope enclosing its current one.</summary>
    public Tensor MoveToOuterDisposeScope() => OwningScope is null ? this : OwningScope.MoveToOuter(this);

    // ---- shape and type ----

    public ScalarType dtype => (ScalarType)NativeMethods.mlt_dtype(Handle);

    public string device => "cpu";

    public long[] shape
    {
        get
        {
            Span<long> buffer = stackalloc long[16];
            int n = NativeMethods.mlt_sizes(Handle, buffer, buffer.Length);
            if (n > buffer.Length)
            {
                buffer = new long[n];
                NativeMethods.mlt_sizes(Handle, buffer, n);
            }
            return buffer[..n].ToArray();
        }
    }

    public long size(int dim)
    {
        Check(NativeMethods.mlt_size(Handle, dim, out var s));
        return s;
    }

    public int dim() => NativeMethods.mlt_dim(Handle);

    public int ndim => dim();

    public long numel() => NativeMethods.mlt_numel(Handle);

    public bool is_contiguous() => NativeMethods.mlt_is_contiguous(Handle) != 0;

    public override string ToString() =>
        IsDisposed ? "tensor(disposed)" : $"tensor(shape=[{string.Join(", ", shape)}], dtype={dtype})";

    // ---- helpers shared by the partial files ----

    private static Tensor Result(int status, IntPtr result)
    {
        Check(status);
        return new Tensor(result);
    }
}
