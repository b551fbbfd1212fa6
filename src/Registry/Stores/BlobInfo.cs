namespace Mlops.Registry.Stores;

/// <summary>Metadata of one stored object. Generation changes on every write of the name.</summary>
public sealed record BlobInfo(
    string Name,
    long Generation,
    long Size,
    DateTimeOffset Updated,
    string? Md5Base64 = null,
    string? Crc32cBase64 = null
);

/// <summary>One page of a listing: objects, the "folders" cut at the delimiter, and the token of the next
/// page.</summary>
public sealed record BlobPage(IReadOnlyList<BlobInfo> Objects, IReadOnlyList<string> Prefixes, string? NextPageToken);

/// <summary>Bytes [Offset, Offset+Length) of an object; Length null means to the end.</summary>
public readonly record struct ByteRange(long Offset, long? Length = null);
