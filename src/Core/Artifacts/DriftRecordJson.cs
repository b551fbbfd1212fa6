using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Core.Artifacts;

/// <summary>
/// The one JSON form of a <see cref="DriftRecord"/> (snake_case, one record per line), shared by the server's drift
/// log, `mlops predict --out` and the drift reference the trainer writes into a run folder.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull
)]
[JsonSerializable(typeof(DriftRecord))]
public sealed partial class DriftRecordJson : JsonSerializerContext
{
    public static string ToLine(DriftRecord record) => JsonSerializer.Serialize(record, Default.DriftRecord);

    /// <exception cref="JsonException">the line is not a drift record</exception>
    public static DriftRecord FromLine(string line) =>
        JsonSerializer.Deserialize(line, Default.DriftRecord) ?? throw new JsonException("null record");

    /// <summary>JSONL lines as records, blank lines skipped; a bad line is an error naming
    /// <paramref name="where"/> and its line number.</summary>
    public static List<DriftRecord> FromLines(IEnumerable<string> lines, string where)
    {
        var records = new List<DriftRecord>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                records.Add(FromLine(line));
            }
            catch (JsonException error)
            {
                throw new Errors.MlopsException($"not a drift record: {error.Message}", $"{where}:{number}");
            }
        }
        return records;
    }

    /// <summary>Writes the records as JSONL through a temp file and a rename, so a reader never sees half a
    /// file.</summary>
    public static void WriteFile(string path, IEnumerable<DriftRecord> records) =>
        Mlops.Core.IO.AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            foreach (var record in records)
                writer.WriteLine(ToLine(record));
        });
}
