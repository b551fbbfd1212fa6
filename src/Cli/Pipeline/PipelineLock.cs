using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Core.Errors;
using Mlops.Core.IO;

namespace Mlops.Cli.Pipeline;

/// <summary>
/// pipeline.lock (JSON, next to the config, like dvc.lock): the record of every stage that finished. Written
/// atomically after each stage, so a failure later keeps the stages that completed.
/// </summary>
public sealed class PipelineLock
{
    public const string FileName = "pipeline.lock";
    private const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SortedDictionary<string, StageRecord> _stages;

    private PipelineLock(string path, SortedDictionary<string, StageRecord> stages)
    {
        Path = path;
        _stages = stages;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, StageRecord> Stages => _stages;

    public static PipelineLock Load(string path)
    {
        if (!File.Exists(path))
            return new PipelineLock(path, new SortedDictionary<string, StageRecord>(StringComparer.Ordinal));
        try
        {
            var file = JsonSerializer.Deserialize<LockFile>(File.ReadAllText(path), Json)
                ?? throw new MlopsException("the lock file is empty; delete it to rerun every stage", path);
            if (file.Format != CurrentFormat)
                throw new MlopsException(
                    $"lock format {file.Format} is not {CurrentFormat}; delete it to rerun every stage",
                    path
                );
            return new PipelineLock(
                path,
                new SortedDictionary<string, StageRecord>(file.Stages, StringComparer.Ordinal)
            );
        }
        catch (JsonException error)
        {
            throw new MlopsException($"unreadable lock file ({error.Message}); delete it to rerun every stage", path);
        }
    }

    public StageRecord? Find(string stage) => _stages.GetValueOrDefault(stage);

    public void Record(string stage, StageRecord record)
    {
        _stages[stage] = record;
        AtomicFile.WriteAllText(Path, JsonSerializer.Serialize(new LockFile(CurrentFormat, _stages), Json) + "\n");
    }

    private sealed record LockFile(int Format, SortedDictionary<string, StageRecord> Stages);
}
