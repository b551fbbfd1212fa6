using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>The JSON API's object resource (numbers arrive as strings).</summary>
internal sealed record GcsObjectResource
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("generation")] public string? Generation { get; init; }
    [JsonPropertyName("size")] public string? Size { get; init; }
    [JsonPropertyName("updated")] public DateTimeOffset? Updated { get; init; }
    [JsonPropertyName("md5Hash")] public string? Md5Hash { get; init; }
    [JsonPropertyName("crc32c")] public string? Crc32c { get; init; }
    [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; init; }

    public BlobInfo ToBlobInfo(string name) => new(name,
        long.Parse(Generation ?? "0", CultureInfo.InvariantCulture),
        long.Parse(Size ?? "0", CultureInfo.InvariantCulture),
        Updated ?? DateTimeOffset.MinValue, Md5Hash, Crc32c);

    public static GcsObjectResource Parse(string json) =>
        JsonSerializer.Deserialize<GcsObjectResource>(json) ?? throw new JsonException("empty object resource");
}

/// <summary>The JSON API's list answer.</summary>
internal sealed record GcsObjectList
{
    [JsonPropertyName("items")] public List<GcsObjectResource>? Items { get; init; }
    [JsonPropertyName("prefixes")] public List<string>? Prefixes { get; init; }
    [JsonPropertyName("nextPageToken")] public string? NextPageToken { get; init; }
}

/// <summary>The JSON API's error document.</summary>
internal sealed record GcsErrorDocument
{
    [JsonPropertyName("error")] public GcsErrorBody? Error { get; init; }

    internal sealed record GcsErrorBody
    {
        [JsonPropertyName("code")] public int Code { get; init; }
        [JsonPropertyName("message")] public string? Message { get; init; }
    }

    public static string MessageOf(string body)
    {
        try { return JsonSerializer.Deserialize<GcsErrorDocument>(body)?.Error?.Message ?? Trim(body); }
        catch (JsonException) { return Trim(body); }
    }

    private static string Trim(string body) => body.Length > 200 ? body[..200] + "…" : body;
}
