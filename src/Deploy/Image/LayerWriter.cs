using System.IO.Compression;

namespace Mlops.Deploy.Image;

/// <summary>Turns layer entries into a gzip blob in the store, computing diff_id (tar) and digest (gzip) in one
/// pass.</summary>
public static class LayerWriter
{
    public static LayerBlob Write(BlobStore store, IEnumerable<LayerEntry> entries, string createdBy)
    {
        var (descriptor, tar) = store.Put(MediaTypes.LayerGzip, blob =>
        {
            using var gzip = new GZipStream(blob, CompressionLevel.Optimal, leaveOpen: true);
            using var tarHash = new HashingStream(gzip, leaveOpen: true);
            DeterministicTar.Write(entries, tarHash);
            tarHash.Flush();
            return (DiffId: tarHash.Finish(), Size: tarHash.BytesWritten);
        });
        return new LayerBlob(descriptor, tar.DiffId, createdBy, tar.Size);
    }
}
