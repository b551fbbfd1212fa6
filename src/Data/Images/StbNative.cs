using System.Runtime.InteropServices;

namespace Mlops.Data.Images;

/// <summary>P/Invoke declarations for libstb (Debian `libstb0`): stb_image's decoder entry points.</summary>
internal static unsafe partial class StbNative
{
    private const string Library = "libstb.so.0";

    /// <summary>Reads width, height and channel count from the header only; returns 0 when not an image stb
    /// knows.</summary>
    [LibraryImport(Library, EntryPoint = "stbi_info_from_memory")]
    internal static partial int InfoFromMemory(
        byte* buffer,
        int length,
        out int width,
        out int height,
        out int channels
    );

    /// <summary>Decodes 8-bit pixels (HWC, interleaved); a null handle means failure (see <see
    /// cref="FailureReason"/>).</summary>
    [LibraryImport(Library, EntryPoint = "stbi_load_from_memory")]
    internal static partial StbPixelBuffer LoadFromMemory(
        byte* buffer,
        int length,
        out int width,
        out int height,
        out int channelsInFile,
        int desiredChannels
    );

    /// <summary>stb keeps the last failure in a thread-local string (the Debian build has TLS), so read it on the same
    /// thread.</summary>
    [LibraryImport(Library, EntryPoint = "stbi_failure_reason")]
    internal static partial IntPtr FailureReason();

    [LibraryImport(Library, EntryPoint = "stbi_image_free")]
    internal static partial void ImageFree(IntPtr pixels);
}
