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
            entries.Add(LayerEntry.FromHostFile($"/blobs/{Digest.Algorithm}/{blob.Digest.Hex}", image.Store.PathOf(blob.Digest), LayerEntry.DefaultFileMode));

        var fullPath = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temp = $"{fullPath}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                DeterministicTar.Write(entries, file);
            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
