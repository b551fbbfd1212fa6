using System.Text.Json;
using Mlops.Core.Errors;

namespace Mlops.Torch.Serialization.Safetensors;

/// <summary>One tensor entry of a safetensors header: where its bytes lie in the data section.</summary>
internal sealed record SafetensorsEntry(string Name, TensorDType DType, long[] Shape, long Begin, long End);

/// <summary>
/// Parses and validates the JSON header: every entry well-formed, byte counts matching dtype and shape,
/// and the entries tiling the data section exactly (no overlap, no gap, nothing past its end).
/// </summary>
internal static class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(
        ReadOnlySpan<byte> json,
        long dataLength,
        string path
    )
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw Invalid(path, "its header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"its header is not valid JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Invalid(path, "its header is not a JSON object");
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Invalid(path, $"its header names '{property.Name}' twice");
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, path);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, path));
            }
            CheckTiling(entries, dataLength, path);
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"'{MetadataKey}' must be an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Invalid(path, $"'{MetadataKey}.{item.Name}' must be a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"tensor '{name}': entry is not an object");
        string? dtypeName = null;
        long[]? shape = null,
            offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when field.Value.ValueKind == JsonValueKind.String:
                    dtypeName = field.Value.GetString();
                    break;
                case "shape":
                    shape = ReadIntegers(field.Value, name, "shape", path);
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(field.Value, name, "data_offsets", path);
                    break;
                default:
                    throw Invalid(path, $"tensor '{name}': unexpected field '{field.Name}'");
            }
        }
        if (dtypeName is null || shape is null || offsets is null)
            throw Invalid(path, $"tensor '{name}': needs dtype, shape and data_offsets");
        if (!TensorDTypes.TryParseSafetensorsName(dtypeName, out var dtype))
            throw Invalid(path, $"tensor '{name}': unsupported dtype '{dtypeName}'");
        if (offsets.Length != 2 || offsets[1] < offsets[0])
            throw Invalid(path, $"tensor '{name}': data_offsets must be [begin, end] with begin <= end");
        long expected;
        try
        {
            expected = checked(TensorData.ElementCountOf(shape) * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw Invalid(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] is too large");
        }
        if (offsets[1] - offsets[0] != expected)
            throw Invalid(
                path,
                $"tensor '{name}': {dtypeName} shape [{string.Join(", ", shape)}] needs {expected} bytes but "
                    + $"data_offsets span {offsets[1] - offsets[0]}"
            );
        return new SafetensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(JsonElement value, string name, string field, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw Invalid(path, $"tensor '{name}': {field} must be an array of non-negative integers");
        var result = new long[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
                throw Invalid(path, $"tensor '{name}': {field} must be an array of non-negative integers");
            result[i++] = number;
        }
        return result;
    }

    private static void CheckTiling(List<SafetensorsEntry> entries, long dataLength, string path)
    {
        long position = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin < position)
                throw Invalid(
                    path,
                    $"tensor '{entry.Name}' overlaps the previous tensor (offset {entry.Begin} < {position})"
                );
            if (entry.Begin > position)
                throw Invalid(
                    path,
                    $"tensor '{entry.Name}' leaves a gap in the data section (offset {entry.Begin}, expected "
                        + $"{position})"
                );
            position = entry.End;
        }
        if (position > dataLength)
            throw Invalid(
                path,
                $"the data section ends at byte {dataLength} but tensors need {position} bytes: the file is truncated"
            );
        if (position < dataLength)
            throw Invalid(path, $"the data section has {dataLength - position} bytes no tensor accounts for");
    }

    public static MlopsException Invalid(string path, string what) =>
        new($"not a valid safetensors file: {what}", path);
}
