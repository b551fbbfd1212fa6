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

    /// <summary>Reads the file, checks the magic number, the number of dimensions and that the data length
    /// matches.</summary>
    public static IdxFile Read(string path, int expectedDimensions)
    {
        var raw = ReadAll(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(raw));
        using var content = IsGzip(raw)
            ? new GZipStream(new MemoryStream(raw), CompressionMode.Decompress)
            : (Stream)new MemoryStream(raw);
        try
        {
            var dims = ReadHeader(content, path, expectedDimensions);
            long expectedLength = dims.Aggregate(1L, (total, d) => total * d);
            if (expectedLength > Array.MaxLength)
                throw new MlopsException(
                    $"IDX header promises {string.Join("x", dims)} bytes, more than fits in memory",
                    path
                );
            // deflate expands at most ~1032x: a header promising more is lying, refuse before allocating.
            long plausible = IsGzip(raw) ? raw.LongLength * 1032 : raw.LongLength;
            if (expectedLength > plausible)
                throw new MlopsException(
                    $"IDX header promises {string.Join("x", dims)} = {expectedLength} bytes of data but the file is "
                        + $"only {raw.LongLength} bytes (truncated)",
                    path
                );
            // Decompress straight into the final array: no intermediate copies of a 47 MB file.
            var data = new byte[expectedLength];
            int read = content.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (read < data.Length)
                throw new MlopsException(
                    $"IDX header promises {string.Join("x", dims)} = {expectedLength} bytes of data but the file "
                        + $"holds {read} (truncated)",
                    path
                );
            if (content.ReadByte() >= 0)
                throw new MlopsException(
                    $"IDX header promises {string.Join("x", dims)} = {expectedLength} bytes of data but the file "
                        + $"holds more (trailing bytes)",
                    path
                );
            return new IdxFile(dims, data, sha);
        }
        catch (InvalidDataException e)
        {
            throw new MlopsException($"corrupt or truncated gzip data: {e.Message}", path, e);
        }
    }

    private static int[] ReadHeader(Stream content, string path, int expectedDimensions)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = content.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
            throw new MlopsException($"file is too short for an IDX header ({got} bytes)", path);
        if (magic[0] != 0 || magic[1] != 0)
            throw new MlopsException(
                $"not an IDX file: magic number starts with 0x{magic[0]:x2}{magic[1]:x2}, expected 0x0000",
                path
            );
        if (magic[2] != UnsignedByteType)
            throw new MlopsException(
                $"IDX data type 0x{magic[2]:x2} is not supported (expected 0x08, unsigned bytes)",
                path
            );
        if (magic[3] != expectedDimensions)
            throw new MlopsException(
                $"IDX magic 0x{BinaryPrimitives.ReadInt32BigEndian(magic):x8} declares {magic[3]} dimensions, "
                    + $"expected {expectedDimensions} (magic 0x{0x800 + expectedDimensions:x8})",
                path
            );
        var sizes = new byte[4 * expectedDimensions];
        if (content.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false) < sizes.Length)
            throw new MlopsException($"IDX header is truncated (need {4 + sizes.Length} bytes)", path);
        var dims = new int[expectedDimensions];
        for (int d = 0; d < expectedDimensions; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * d));
            if (dims[d] < 0)
                throw new MlopsException($"IDX dimension {d} is negative ({dims[d]})", path);
        }
        return dims;
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path))
            throw new MlopsException($"data file not found ({FashionMnistDataset.MissingFileHint})", path);
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
}
