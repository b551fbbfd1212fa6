using System.Security.Cryptography;
using System.Text;

namespace Mlops.Core.Hashing;

/// <summary>SHA-256 content hashes as lowercase hex: what runs, checkpoints and blobs are identified by.</summary>
public static class ContentHash
{
    public static string OfBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string OfString(string text) => OfBytes(Encoding.UTF8.GetBytes(text));

    /// <summary>Hashes the stream from its current position to its end.</summary>
    public static string OfStream(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));

    public static async Task<string> OfStreamAsync(Stream stream, CancellationToken cancellation = default) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellation).ConfigureAwait(false));

    public static string OfFile(string path)
    {
        using var stream = new FileStream(
            path,
            FileMode.Open,
            FileAccess.Read,
            FileShare.Read,
            1 << 16,
            FileOptions.SequentialScan
        );
        return OfStream(stream);
    }

    /// <summary>
    /// One hash for a set of named parts (e.g. the files of a data set): order-independent, and sensitive to
    /// both names and contents, so renaming a file changes it as much as editing one.
    /// </summary>
    public static string Combine(IEnumerable<KeyValuePair<string, string>> namedHashes)
    {
        var lines = namedHashes
            .OrderBy(part => part.Key, StringComparer.Ordinal)
            .Select(part => $"{part.Key}\t{part.Value}\n");
        return OfString(string.Concat(lines));
    }

    /// <summary>Hash of several files, each named by its path relative to <paramref name="baseFolder"/>.</summary>
    public static string OfFiles(string baseFolder, IEnumerable<string> paths) =>
        Combine(
            paths.Select(path =>
                KeyValuePair.Create(Path.GetRelativePath(baseFolder, path).Replace('\\', '/'), OfFile(path))
            )
        );
}
