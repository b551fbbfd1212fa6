using System.Globalization;
using Mlops.Registry.Models;

namespace Mlops.Deploy.Release;

/// <summary>
/// The serving image each registry version was last pushed as (`mlops deploy build --model … --push`), kept as the
/// version's "image" tag, so a release can name a version and find its image — and refuse an image that is not it.
/// </summary>
public static class VersionImages
{
    public const string Tag = "image";

    public static Task RecordAsync(
        ModelRegistry registry,
        string model,
        string version,
        string imageByDigest,
        CancellationToken cancel
    ) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? registry.Tags.UpdateAsync(
                model,
                number,
                new Dictionary<string, string> { [Tag] = imageByDigest },
                [],
                cancel
            )
            : Task.CompletedTask; // not a registry version (a model file's own label): nothing to record

    public static async Task<string?> FindAsync(
        ModelRegistry registry,
        string model,
        int version,
        CancellationToken cancel
    ) => (await registry.Tags.GetAsync(model, version, cancel)).GetValueOrDefault(Tag);

    /// <summary>The sha256 part of an image reference by digest, to compare two names of one image.</summary>
    public static string? DigestOf(string imageByDigest) =>
        imageByDigest.LastIndexOf('@') is var at and >= 0 ? imageByDigest[(at + 1)..] : null;
}
