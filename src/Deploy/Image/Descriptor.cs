namespace Mlops.Deploy.Image;

/// <summary>An OCI content descriptor: what a blob is, its digest and its size in bytes.</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size);

/// <summary>
/// A layer blob: its compressed descriptor, the digest of the uncompressed tar (diff_id) and how it was made.
/// <paramref name="UncompressedSize"/> is null for a layer read back from a layout or archive (the config does not
/// record it).
/// </summary>
public sealed record LayerBlob(Descriptor Blob, Digest DiffId, string CreatedBy, long? UncompressedSize);
