using Google.Apis.Download;
using Google.Apis.Services;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>Google.Apis' MediaDownloader, hashing every byte it hands over so a whole-object read can be checked against the stored CRC32C/MD5.</summary>
internal sealed class GcsVerifyingDownloader(IClientService service, ContentHashes hashes) : MediaDownloader(service)
{
    protected override void OnDataReceived(byte[] data, int length)
    {
        hashes.Append(data.AsSpan(0, length));
        base.OnDataReceived(data, length);
    }
}
