using System.Runtime.InteropServices;

namespace Mlops.Onnx.Native;

/// <summary>
/// Owns one ORT object (session, value, options, type info...) and releases it exactly once with its matching
/// Release* function: deterministically on Dispose, or from the finalizer as a last resort. The release function is
/// held by the handle itself so a finalizer never has to reach the process-wide runtime.
/// </summary>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged[Cdecl]<nint, void> release;

    public OrtHandle(nint handle, delegate* unmanaged[Cdecl]<nint, void> release)
        : base(0, ownsHandle: true)
    {
        this.release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        release(handle);
        return true;
    }
}
