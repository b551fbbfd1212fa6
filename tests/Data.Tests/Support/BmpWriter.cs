using System.Buffers.Binary;
using Mlops.Data.Images;

namespace Mlops.Data.Tests.Support;

/// <summary>24-bit uncompressed BMP (BITMAPINFOHEADER, bottom-up rows padded to 4 bytes, BGR) for fixtures.</summary>
public static class BmpWriter
{
    public static byte[] Encode(Image image)
    {
        var rgb = ColorConversion.ToRgb(image);
        int stride = (rgb.Width * 3 + 3) & ~3;
        int dataSize = stride * rgb.Height;
        var bmp = new byte[54 + dataSize];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), rgb.Width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), rgb.Height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), dataSize);
        for (int y = 0; y < rgb.Height; y++)
        {
            int row = 54 + (rgb.Height - 1 - y) * stride;
            for (int x = 0; x < rgb.Width; x++)
            {
                bmp[row + x * 3] = rgb[x, y, 2];
                bmp[row + x * 3 + 1] = rgb[x, y, 1];
                bmp[row + x * 3 + 2] = rgb[x, y, 0];
            }
        }
        return bmp;
    }
}
