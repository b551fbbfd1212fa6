using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlops.Core.Artifacts;
using Mlops.Core.IO;

namespace Mlops.Train.Runs;

/// <summary>
/// metrics.jsonl: one JSON object per line, each with "kind" ("step", "epoch" or the caller's own) and
/// "time", appended and flushed line by line so a crash loses at most the line being written.
/// </summary>
public sealed class MetricsLog(string path)
{
    public const string StepKind = "step";
    public const string EpochKind = "epoch";

    public string Path { get; } = path;

    public void AppendStep(StepMetrics metrics) => Append(StepKind, metrics);

    public void AppendEpoch(EpochMetrics metrics) => Append(EpochKind, metrics);

    /// <summary>Appends any record: its public properties become snake_case keys after "kind" and "time".</summary>
    public void Append<T>(string kind, T record)
    {
        var line = new JsonObject { ["kind"] = kind, ["time"] = DateTimeOffset.UtcNow };
        if (JsonSerializer.SerializeToNode(record, ArtifactJson.Options) is JsonObject fields)
            foreach (var (key, value) in fields.ToList())
            {
                fields.Remove(key);
                line[key] = value;
            }
        var text = line.ToJsonString(ArtifactJson.Options) + "\n";
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.Flush(flushToDisk: false);
    }

    /// <summary>Every complete record; a torn last line (crash mid-write) and unreadable lines are skipped.</summary>
    public IReadOnlyList<JsonObject> ReadAll() => File.Exists(Path) ? Parse(File.ReadLines(Path)) : [];

    public IReadOnlyList<EpochMetrics> ReadEpochs() => EpochsOf(ReadAll());

    /// <summary>The epoch records of metrics.jsonl text (a run's stitched chunks).</summary>
    public static IReadOnlyList<EpochMetrics> ParseEpochs(string text) => EpochsOf(Parse(text.Split('\n')));

    private static List<JsonObject> Parse(IEnumerable<string> lines)
    {
        var records = new List<JsonObject>();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                if (JsonNode.Parse(line) is JsonObject record)
                    records.Add(record);
            }
            catch (JsonException)
            { /* torn or foreign line */
            }
        }
        return records;
    }

    private static List<EpochMetrics> EpochsOf(IEnumerable<JsonObject> records) =>
        records
            .Where(record => (string?)record["kind"] == EpochKind)
            .Select(record => record.Deserialize<EpochMetrics>(ArtifactJson.Options)!)
            .ToList();

    /// <summary>
    /// For --resume from the checkpoint of <paramref name="lastKeptEpoch"/>: drops the records of later
    /// epochs (they will be trained again), atomically.
    /// </summary>
    public void TruncateAfterEpoch(int lastKeptEpoch)
    {
        var kept = ReadAll()
            .Where(record => record["epoch"] is not JsonValue epoch || epoch.GetValue<int>() <= lastKeptEpoch);
        AtomicFile.WriteAllText(
            Path,
            string.Concat(kept.Select(record => record.ToJsonString(ArtifactJson.Options) + "\n"))
        );
    }
}
