namespace Mlops.Registry.Stores;

/// <summary>
/// A bucket of named, immutable-per-generation objects (GCS semantics). The registry is written once
/// against this interface and never knows which store it has.
/// </summary>
public interface IBlobStore : IDisposable
{
    /// <summary>The URI the store was opened from (file://..., gs://bucket/prefix).</summary>
    string Uri { get; }

    /// <summary>Writes a whole object. Throws <see cref="PreconditionFailedException"/> when <paramref
    /// name="condition"/> does not hold.</summary>
    Task<BlobInfo> PutAsync(
        string name,
        Stream content,
        WriteCondition condition,
        CancellationToken cancellationToken = default
    );

    /// <summary>Copies the object (or a byte range of it) into <paramref name="destination"/>; a whole read is verified
    /// against the stored checksum.</summary>
    Task<BlobInfo> ReadAsync(
        string name,
        Stream destination,
        ByteRange? range = null,
        CancellationToken cancellationToken = default
    );

    /// <summary>The object's metadata, or null when it does not exist.</summary>
    Task<BlobInfo?> StatAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>One page of objects whose names start with <paramref name="prefix"/>, in name order.</summary>
    Task<BlobPage> ListAsync(
        string prefix,
        string? delimiter = null,
        string? pageToken = null,
        int pageSize = 1000,
        CancellationToken cancellationToken = default
    );

    /// <summary>Deletes the object; false when it did not exist. With a generation, deletes only that
    /// generation.</summary>
    Task<bool> DeleteAsync(string name, long? ifGenerationMatch = null, CancellationToken cancellationToken = default);
}
