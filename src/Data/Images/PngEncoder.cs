using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Mlops.Data.Images;

/// <summary>
/// A small 8-bit PNG writer (grey, grey+alpha, RGB, RGBA) for test fixtures and report thumbnails.
/// Each row uses the "Up" filter, which helps zlib on smooth images at no cost.
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(Image image)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        WriteChunk(output, "IHDR", Header(image.Width, image.Height, ColorType(image.Channels)));
        WriteChunk(output, "IDAT", CompressedScanlines(image));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Writes to a temporary file next to <paramref name="path"/> then renames, so a reader never sees half a
    /// PNG.</summary>
    public static void Save(Image image, string path)
    {
        var bytes = Encode(image);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>The 13-byte IHDR payload: width, height, bit depth 8, colour type, deflate, adaptive filtering, no
    /// interlace.</summary>
    public static byte[] Header(int width, int height, byte colorType)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = colorType;
        return header;
    }

    /// <summary>Writes length, type, data and the CRC of type+data.</summary>
    public static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(typeBytes), data));
        output.Write(word);
    }

    private static byte ColorType(int channels) =>
        channels switch
        {
            1 => 0,
            2 => 4,
            3 => 2,
            4 => 6,
            _ => throw new ArgumentOutOfRangeException(nameof(channels)),
        };

    private static byte[] CompressedScanlines(Image image)
    {
        int stride = image.Width * image.Channels;
        var filtered = new byte[image.Height * (stride + 1)];
        var px = image.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            int row = y * (stride + 1);
            filtered[row] = y == 0 ? (byte)0 : (byte)2; // None for the first row, Up after
            for (int i = 0; i < stride; i++)
            {
                byte above = y == 0 ? (byte)0 : px[(y - 1) * stride + i];
                filtered[row + 1 + i] = (byte)(px[y * stride + i] - above);
            }
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(filtered);
        return compressed.ToArray();
    }
}
