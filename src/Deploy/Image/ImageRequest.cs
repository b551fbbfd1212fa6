namespace Mlops.Deploy.Image;

/// <summary>Everything an image is made of. The same request always gives the same digests.</summary>
public sealed record ImageRequest(
    string ServePublishDirectory,
    string ModelFile,
    byte[] ModelCardJson,
    ImageMetadata Metadata,
    string HostRoot = "/"
);

/// <summary>An image written to a layout: its manifest (what to push and deploy by digest), config and
/// layers.</summary>
public sealed record BuiltImage(
    BlobStore Store,
    Descriptor Manifest,
    Descriptor Config,
    IReadOnlyList<LayerBlob> Layers
)
{
    public long CompressedSize => Config.Size + Layers.Sum(l => l.Blob.Size);

    public IEnumerable<Descriptor> Blobs => Layers.Select(l => l.Blob).Append(Config);
}
