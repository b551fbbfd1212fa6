using System.Runtime.InteropServices;
using Mlops.Data.Images;

namespace Mlops.Data.Tests.Support;

/// <summary>Writes JPEG fixtures with libstb's own encoder (stb_image_write, in the same libstb.so.0): an independent producer.</summary>
public static partial class JpegWriter
{
    [LibraryImport("libstb.so.0", EntryPoint = "stbi_write_jpg", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int WriteJpg(string path, int width, int height, int channels, byte[] data, int quality);

    public static void Save(Image image, string path, int quality = 95)
    {
        if (WriteJpg(path, image.Width, image.Height, image.Channels, image.Pixels, quality) == 0)
            throw new IOException($"stbi_write_jpg failed for {path}");
    }
}
