using System.Runtime.InteropServices;

namespace Mlops.Data.Images;

/// <summary>Pixels allocated by stb_image; freed with stbi_image_free as soon as they are copied out.</summary>
internal sealed class StbPixelBuffer : SafeHandle
{
    public StbPixelBuffer()
        : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        StbNative.ImageFree(handle);
        return true;
    }
}
