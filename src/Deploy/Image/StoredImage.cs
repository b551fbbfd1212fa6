using System.Text.Json;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// An image already in a layout, read back from its manifest and config (layers with their diff_ids and
/// history), so it can be pushed or run again without rebuilding it.
/// </summary>
public static class StoredImage
{
    public static BuiltImage Load(BlobStore store, Digest manifestDigest)
    {
        var manifestBytes = ReadVerified(store, manifestDigest);
        var where = store.PathOf(manifestDigest);
        try
        {
            using var manifest = JsonDocument.Parse(manifestBytes);
            var config = ReadDescriptor(manifest.RootElement.GetProperty("config"));
            var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().Select(ReadDescriptor).ToList();
            using var configJson = JsonDocument.Parse(ReadVerified(store, config.Digest));
            var diffIds = configJson
                .RootElement.GetProperty("rootfs")
                .GetProperty("diff_ids")
                .EnumerateArray()
                .Select(d => Digest.Parse(d.GetString() ?? "", where))
                .ToList();
            var history = configJson.RootElement.TryGetProperty("history", out var h)
                ? h.EnumerateArray()
                    .Select(e => e.TryGetProperty("created_by", out var c) ? c.GetString() ?? "" : "")
                    .ToList()
                : [];
            if (diffIds.Count != layers.Count)
                throw new MlopsException(
                    $"the config lists {diffIds.Count} diff_ids for {layers.Count} layers",
                    store.PathOf(config.Digest)
                );
            var blobs = layers
                .Select((layer, i) => new LayerBlob(layer, diffIds[i], i < history.Count ? history[i] : "", null))
                .ToList();
            foreach (var layer in layers)
                if (!store.Contains(layer.Digest))
                    throw new MlopsException(
                        $"layer {layer.Digest} of image {manifestDigest} is missing from the layout",
                        store.PathOf(layer.Digest)
                    );
            return new BuiltImage(
                store,
                new Descriptor(MediaTypes.Manifest, manifestDigest, manifestBytes.Length),
                config,
                blobs
            );
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new MlopsException(
                $"image {manifestDigest} is not an OCI image manifest with its config ({error.Message})",
                where
            );
        }
    }

    /// <summary>A small JSON blob, checked against its digest (a tampered layout is refused, not pushed).</summary>
    private static byte[] ReadVerified(BlobStore store, Digest digest)
    {
        using var stream = store.OpenRead(digest);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (Digest.Of(bytes) != digest)
            throw new MlopsException(
                $"blob {digest} does not match its digest: the layout is corrupt",
                store.PathOf(digest)
            );
        return bytes;
    }

    private static Descriptor ReadDescriptor(JsonElement element) =>
        new(
            element.GetProperty("mediaType").GetString() ?? "",
            Digest.Parse(element.GetProperty("digest").GetString() ?? "", "manifest"),
            element.GetProperty("size").GetInt64()
        );
}
