using System.Security.Cryptography;

namespace Mlops.Registry.Models;

internal static class FileHashing
{
    public static async Task<string> Sha256HexAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
