using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlops.Torch.PInvoke;

/// <summary>Turns the shim's status codes into exceptions carrying libtorch's own message.</summary>
internal static class Native
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status)
    {
        if (status != 0)
            Throw();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw()
    {
        var message = Marshal.PtrToStringUTF8(NativeMethods.mlt_last_error()) ?? "unknown libtorch error";
        throw new TorchException(message.Trim());
    }

    /// <summary>The raw pointer of an optional tensor (IntPtr.Zero = undefined); the caller keeps it alive.</summary>
    internal static IntPtr PtrOf(Tensor? t) => t is null ? IntPtr.Zero : t.Handle.DangerousGetHandle();
}
