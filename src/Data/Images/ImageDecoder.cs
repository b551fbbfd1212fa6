using System.Runtime.InteropServices;
using Mlops.Core.Errors;

namespace Mlops.Data.Images;

/// <summary>
/// Decodes PNG, JPEG, BMP, GIF (first frame), TGA, PNM... through libstb. The header is read first so an
/// oversized image is refused before any pixel memory is allocated (a server must refuse 100 MP cheaply).
/// </summary>
public static unsafe class ImageDecoder
{
    /// <summary>16 megapixels (4096x4096): far above any training image, far below what would exhaust memory.</summary>
    public const long DefaultMaxPixels = 4096L * 4096L;

    /// <summary>Reads width, height and channels from the header. Throws for data that is not a known image.</summary>
    public static ImageInfo ReadInfo(ReadOnlySpan<byte> data, string source)
    {
        RequireData(data, source);
        fixed (byte* buffer = data)
        {
            int ok,
                width,
                height,
                channels;
            string? reason;
            try
            {
                ok = StbNative.InfoFromMemory(buffer, data.Length, out width, out height, out channels);
                reason = ok == 0 ? LastFailure() : null;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                throw MissingLibrary(e);
            }
            if (ok == 0)
                throw new MlopsException($"not a readable image ({reason ?? "unknown format"})", source);
            return new ImageInfo(width, height, channels);
        }
    }

    /// <summary>
    /// Decodes to 8-bit HWC pixels. <paramref name="channels"/> 0 keeps the file's channels; 1..4 asks stb to convert.
    /// </summary>
    public static Image Decode(
        ReadOnlySpan<byte> data,
        string source,
        int channels = 0,
        long maxPixels = DefaultMaxPixels
    )
    {
        if (channels is < 0 or > 4)
            throw new ArgumentOutOfRangeException(nameof(channels), "channels must be 0 (as in the file) or 1..4");
        var info = ReadInfo(data, source);
        if (info.Width <= 0 || info.Height <= 0)
            throw new MlopsException($"image header gives an empty size {info.Width}x{info.Height}", source);
        if (info.Pixels > maxPixels)
            throw new MlopsException(
                $"image is {info.Width}x{info.Height} ({info.Pixels / 1e6:0.#} megapixels), above the limit of "
                    + $"{maxPixels / 1e6:0.#} megapixels; refused before decoding",
                source
            );

        fixed (byte* buffer = data)
        {
            int width,
                height,
                channelsInFile;
            byte[] pixels;
            int outChannels;
            using (
                var native = StbNative.LoadFromMemory(
                    buffer,
                    data.Length,
                    out width,
                    out height,
                    out channelsInFile,
                    channels
                )
            )
            {
                if (native.IsInvalid)
                    throw new MlopsException(
                        $"corrupt or truncated image ({LastFailure() ?? "decoder failed"})",
                        source
                    );
                outChannels = channels == 0 ? channelsInFile : channels;
                if (width != info.Width || height != info.Height || outChannels is < 1 or > 4)
                    throw new MlopsException(
                        $"decoder returned {width}x{height}x{outChannels}, header said {info.Width}x{info.Height}",
                        source
                    );
                pixels = new byte[checked(width * height * outChannels)];
                new ReadOnlySpan<byte>((void*)native.DangerousGetHandle(), pixels.Length).CopyTo(pixels);
            }
            return new Image(width, height, outChannels, pixels);
        }
    }

    /// <summary>Reads and decodes a file; errors name the file.</summary>
    public static Image DecodeFile(string path, int channels = 0, long maxPixels = DefaultMaxPixels)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException($"cannot read image: {e.Message}", path, e);
        }
        return Decode(data, path, channels, maxPixels);
    }

    private static void RequireData(ReadOnlySpan<byte> data, string source)
    {
        if (data.IsEmpty)
            throw new MlopsException("image is empty (0 bytes)", source);
    }

    private static string? LastFailure()
    {
        var reason = StbNative.FailureReason();
        return reason == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(reason);
    }

    private static MlopsException MissingLibrary(Exception e) =>
        new(
            "the image decoder libstb is not installed (Debian package libstb0: apt-get install libstb0)",
            "libstb.so.0",
            e
        );
}
