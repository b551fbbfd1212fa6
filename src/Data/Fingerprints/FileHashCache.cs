using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mlops.Core.Errors;

namespace Mlops.Data.Fingerprints;

/// <summary>sha256 of a file, remembered in-process by (path, size, modification time) so a big file is hashed
/// once.</summary>
public static class FileHashCache
{
    private static readonly ConcurrentDictionary<(string Path, long Size, DateTime Modified), string> Cache = new();

    public static string Sha256(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new MlopsException("file not found", path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        if (Cache.TryGetValue(key, out var known))
            return known;
        try
        {
            using var stream = File.OpenRead(path);
            var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            Cache[key] = sha;
            return sha;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException($"cannot read file: {e.Message}", path, e);
        }
    }
}
