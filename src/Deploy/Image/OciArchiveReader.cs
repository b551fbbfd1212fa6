using System.Formats.Tar;
using System.Text.Json;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// Reads an OCI image-layout tarball (as <see cref="OciArchive.Write"/> writes it) back into a layout: every
/// blob is checked against its digest while copied (blobs the layout already has are kept), then the image
/// its index.json names is loaded.
/// </summary>
public static class OciArchiveReader
{
    public static BuiltImage Read(string archivePath, BlobStore store)
    {
        if (!File.Exists(archivePath))
            throw new MlopsException("the image archive does not exist", archivePath);
        byte[]? index = null;
        try
        {
            using var file = File.OpenRead(archivePath);
            using var tar = new TarReader(file);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null)
                    continue;
                var name = entry.Name.TrimStart('.').TrimStart('/');
                if (name == "index.json")
                {
                    using var buffer = new MemoryStream();
                    entry.DataStream.CopyTo(buffer);
                    index = buffer.ToArray();
                }
                else if (name.StartsWith($"blobs/{Digest.Algorithm}/", StringComparison.Ordinal))
                    CopyBlob(
                        store,
                        Digest.Parse($"{Digest.Algorithm}:{name[(Digest.Algorithm.Length + 7)..]}", archivePath),
                        entry.DataStream,
                        archivePath
                    );
            }
        }
        catch (Exception error) when (error is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new MlopsException($"not a readable OCI archive ({error.Message})", archivePath);
        }
        if (index is null)
            throw new MlopsException("the archive has no index.json: it is not an OCI image layout", archivePath);
        return StoredImage.Load(store, ManifestOf(index, archivePath));
    }

    private static void CopyBlob(BlobStore store, Digest expected, Stream content, string archivePath)
    {
        if (store.Contains(expected))
            return;
        var (stored, _) = store.Put("", blob =>
        {
            content.CopyTo(blob);
            return 0;
        });
        if (stored.Digest != expected)
            // What was stored is filed under its true digest, so the layout stays consistent.
            throw new MlopsException(
                $"blob {expected.Short} of the archive holds content with digest {stored.Digest.Short}: the archive "
                    + $"is corrupt",
                archivePath
            );
    }

    private static Digest ManifestOf(byte[] index, string archivePath)
    {
        try
        {
            using var json = JsonDocument.Parse(index);
            var manifests = json.RootElement.GetProperty("manifests");
            if (manifests.GetArrayLength() != 1)
                throw new MlopsException(
                    $"index.json lists {manifests.GetArrayLength()} images; an mlops archive holds exactly one",
                    archivePath
                );
            return Digest.Parse(manifests[0].GetProperty("digest").GetString() ?? "", archivePath);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new MlopsException($"index.json is not an OCI image index ({error.Message})", archivePath);
        }
    }
}
