using System.Security.Cryptography;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>A content address: "sha256:" and 64 lowercase hex digits, as OCI spells it.</summary>
public readonly record struct Digest(string Hex)
{
    public const string Algorithm = "sha256";

    public static Digest Of(ReadOnlySpan<byte> content) => new(Convert.ToHexStringLower(SHA256.HashData(content)));

    public static Digest FromHash(byte[] sha256) => new(Convert.ToHexStringLower(sha256));

    public static Digest Parse(string text, string? where = null)
    {
        var hex = text.StartsWith(Algorithm + ":", StringComparison.Ordinal) ? text[(Algorithm.Length + 1)..] : null;
        if (hex is null || hex.Length != 64 || !hex.All(Uri.IsHexDigit) || hex.Any(char.IsUpper))
            throw new MlopsException(
                $"'{text}' is not a sha256 digest (expected sha256:<64 lowercase hex digits>)",
                where
            );
        return new Digest(hex);
    }

    /// <summary>The first hex digits, enough to tell revisions and layers apart in names and logs.</summary>
    public string Short => Hex[..12];

    public override string ToString() => $"{Algorithm}:{Hex}";
}
