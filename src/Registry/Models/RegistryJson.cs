using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Registry.Models;

/// <summary>JSON objects in the store: one serializer setting, reads that name the object when it is
/// unreadable.</summary>
public static class RegistryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] ToBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static async Task<(T Value, BlobInfo Info)?> ReadAsync<T>(
        IBlobStore store,
        string name,
        CancellationToken cancellationToken
    )
    {
        using var buffer = new MemoryStream();
        BlobInfo info;
        try
        {
            info = await store.ReadAsync(name, buffer, null, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            return null;
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), Options)
                ?? throw new JsonException("the document is null");
            return (value, info);
        }
        catch (JsonException error)
        {
            throw new MlopsException(
                $"registry object is not valid JSON for {typeof(T).Name}: {error.Message}",
                $"{store.Uri}/{name}",
                error
            );
        }
    }

    public static async Task<BlobInfo> WriteAsync<T>(
        IBlobStore store,
        string name,
        T value,
        WriteCondition condition,
        CancellationToken cancellationToken
    )
    {
        using var content = new MemoryStream(ToBytes(value));
        return await store.PutAsync(name, content, condition, cancellationToken);
    }
}
