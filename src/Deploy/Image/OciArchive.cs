using Mlops.Core.IO;

namespace Mlops.Deploy.Image;

/// <summary>
/// Packs one image of a layout as an OCI image-layout tarball (oci-layout, index.json, blobs/sha256/...),
/// readable by `skopeo copy oci-archive:` and `podman load`. Written to a temporary file, then renamed.
/// </summary>
public static class OciArchive
{
    public static void Write(BuiltImage image, string outputPath, string? refName)
    {
        var entries = new List<LayerEntry>
        {
            LayerEntry.FromBytes("/oci-layout", BlobStore.OciLayoutJson),
            LayerEntry.FromBytes("/index.json", ImageJson.Index(image.Manifest, refName)),
        };
        foreach (var blob in image.Blobs.Append(image.Manifest).DistinctBy(b => b.Digest))
            entries.Add(
                LayerEntry.FromHostFile(
                    $"/blobs/{Digest.Algorithm}/{blob.Digest.Hex}",
                    image.Store.PathOf(blob.Digest),
                    LayerEntry.DefaultFileMode
                )
            );

        var fullPath = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        AtomicFile.Write(fullPath, stream => DeterministicTar.Write(entries, stream));
    }
}
