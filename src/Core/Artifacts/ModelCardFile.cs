using System.Globalization;
using System.Text.Json;

namespace Mlops.Core.Artifacts;

/// <summary>A file a card lists, addressed by content.</summary>
public sealed record CardFileEntry(string Name, long Size, string Sha256);

/// <summary>
/// The card an image built from a plain ONNX file carries beside its model (a registry version's image carries the
/// registry's own card.json, a superset: numeric version, metrics, lineage). Its version is a label such as "dev".
/// </summary>
public sealed record FileModelCard(string Model, string Version, string Source, IReadOnlyList<CardFileEntry> Files);

/// <summary>
/// The one writer of a file model's card and the one reader of what the server needs from any card.json — the version
/// it gives a model file, only when it lists that very file by sha256.
/// </summary>
public static class ModelCardFile
{
    public static byte[] Serialize(FileModelCard card) =>
        JsonSerializer.SerializeToUtf8Bytes(card, ArtifactJson.Options);

    /// <summary>
    /// The card's version (a registry number or a label) when it lists a file with <paramref name="sha256Hex"/>; null
    /// when it does not, or is unreadable — a card only ever costs the nicer name, the content hash still identifies
    /// the model.
    /// </summary>
    public static string? VersionFor(string cardPath, string sha256Hex)
    {
        try
        {
            var card = JsonSerializer.Deserialize<CardVersionFields>(File.ReadAllBytes(cardPath), ArtifactJson.Options);
            var version = card?.Version switch
            {
                { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var n) => n.ToString(
                    CultureInfo.InvariantCulture
                ),
                { ValueKind: JsonValueKind.String } text => text.GetString(),
                _ => null,
            };
            return
                version is { Length: > 0 }
                && card!.Files?.Any(f => string.Equals(f.Sha256, sha256Hex, StringComparison.OrdinalIgnoreCase)) == true
                ? version
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>What every card.json has: a version (number in the registry's, label in a file model's) and its
    /// files.</summary>
    private sealed record CardVersionFields(JsonElement? Version, IReadOnlyList<CardFileHash>? Files);

    private sealed record CardFileHash(string? Sha256);
}
