using System.Security.Cryptography;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>CRC32C and MD5 of a byte stream, fed in order, in the base64 forms GCS uses.</summary>
internal sealed class ContentHashes : IDisposable
{
    private readonly Crc32c _crc = new();
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _crc.Append(data);
        _md5.AppendData(data);
        Length += data.Length;
    }

    public string Crc32cBase64 => _crc.ToBase64();

    public string Md5Base64 => Convert.ToBase64String(_md5.GetCurrentHash());

    public static ContentHashes Of(ReadOnlySpan<byte> data)
    {
        var hashes = new ContentHashes();
        hashes.Append(data);
        return hashes;
    }

    public void Dispose() => _md5.Dispose();
}
