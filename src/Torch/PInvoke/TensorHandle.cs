using System.Runtime.InteropServices;

namespace Mlops.Torch.PInvoke;

/// <summary>Owns one native <c>at::Tensor*</c>; releasing it frees the native object.</summary>
public sealed class TensorHandle : SafeHandle
{
    public TensorHandle()
        : base(IntPtr.Zero, ownsHandle: true) { }

    internal TensorHandle(IntPtr handle)
        : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.mlt_free(handle);
        return true;
    }
}
