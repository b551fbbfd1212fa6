using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using Mlops.Core.Errors;

namespace Mlops.Data.FashionMnist;

/// <summary>
/// One IDX file (the MNIST format), gzip-compressed or plain: magic 0x00 0x00 type ndims, then ndims big-endian
/// int32 sizes, then the data. Only unsigned bytes (type 0x08) are accepted, which is what (Fashion-)MNIST uses.
/// </summary>
public sealed class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    private IdxFile(int[] dimensions, byte[] data, string fileSha256)
    {
        Dimensions = dimensions;
        Data = data;
        FileSha256 = fileSha256;
    }

    public int[] Dimensions { get; }
    public byte[] Data { get; }
    /// <summary>sha256 of the file as stored (compressed bytes), for the data set fingerprint.</summary>
    public string FileSha256 { get; }

    /// <summary>Reads the file, checks the magic number, the number of dimensions and that the data length matches.</summary>
    public static IdxFile Read(string path, int expectedDimensions)
    {
        var raw = ReadAll(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(raw));
        var content = IsGzip(raw) ? Gunzip(raw, path) : raw;

        if (content.Length < 4)
            throw new MlopsException($"file is too short for an IDX header ({content.Length} bytes)", path);
        if (content[0] != 0 || content[1] != 0)
            throw new MlopsException($"not an IDX file: magic number starts with 0x{content[0]:x2}{content[1]:x2}, expected 0x0000", path);
        if (content[2] != UnsignedByteType)
            throw new MlopsException($"IDX data type 0x{content[2]:x2} is not supported (expected 0x08, unsigned bytes)", path);
        if (content[3] != expectedDimensions)
            throw new MlopsException(
                $"IDX magic 0x{BinaryPrimitives.ReadInt32BigEndian(content):x8} declares {content[3]} dimensions, expected {expectedDimensions} (magic 0x{0x800 + expectedDimensions:x8})",
                path);
        int headerLength = 4 + 4 * expectedDimensions;
        if (content.Length < headerLength)
            throw new MlopsException($"IDX header is truncated ({content.Length} bytes, need {headerLength})", path);

        var dims = new int[expectedDimensions];
        long expectedLength = 1;
        for (int d = 0; d < expectedDimensions; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(4 + 4 * d));
            if (dims[d] < 0)
                throw new MlopsException($"IDX dimension {d} is negative ({dims[d]})", path);
            expectedLength *= dims[d];
        }
        long actual = content.Length - headerLength;
        if (actual != expectedLength)
            throw new MlopsException(
                $"IDX header promises {string.Join("x", dims)} = {expectedLength} bytes of data but the file holds {actual} ({(actual < expectedLength ? "truncated" : "trailing bytes")})",
                path);
        return new IdxFile(dims, content.AsSpan(headerLength).ToArray(), sha);
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path))
            throw new MlopsException(
                "data file not found (for Fashion-MNIST install the Debian package dataset-fashion-mnist, or point data.root at a folder holding the IDX files)",
                path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException($"cannot read data file: {e.Message}", path, e);
        }
    }

    private static bool IsGzip(byte[] raw) => raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;

    private static byte[] Gunzip(byte[] raw, string path)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream(raw.Length * 2);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new MlopsException($"corrupt or truncated gzip data: {e.Message}", path, e);
        }
    }
}
