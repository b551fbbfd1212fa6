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
