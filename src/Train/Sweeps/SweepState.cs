using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Train.Runs;

namespace Mlops.Train.Sweeps;

public enum TrialStatus
{
    Pending,
    Running,
    Completed,
    Pruned,
    Failed,
    Skipped,
}

public enum SweepStatus
{
    Running,
    Completed,
    Interrupted,
}

/// <summary>One trial in sweep.json: its parameters, run folder, status and metric per epoch.</summary>
public sealed class TrialRecord
{
    public int Index { get; init; }
    public Dictionary<string, string> Params { get; init; } = [];
    public TrialStatus Status { get; set; } = TrialStatus.Pending;

    /// <summary>The trial's run folder (set when it starts; kept so an interrupted trial resumes there).</summary>
    public string? Run { get; set; }

    /// <summary>The best value of the sweep metric over the trial's epochs.</summary>
    public double? Metric { get; set; }
    public int? BestEpoch { get; set; }
    public double? TestAccuracy { get; set; }
    public List<double> History { get; init; } = [];
    public string? Message { get; set; }
}

/// <summary>sweep.json: what the sweep planned and how far it got. Rewritten atomically after every change.</summary>
public sealed class SweepRecord
{
    public string Name { get; init; } = "";
    public string SweepFile { get; init; } = "";
    public string BaseConfig { get; init; } = "";
    public SweepMethod Method { get; init; }
    public string Metric { get; init; } = "";
    public SweepGoal Goal { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public SweepStatus Status { get; set; } = SweepStatus.Running;

    /// <summary>Time spent sweeping, summed over resumes (the minutes budget counts this).</summary>
    public double ElapsedSeconds { get; set; }
    public int? BestTrial { get; set; }
    public List<TrialRecord> Trials { get; init; } = [];
}

/// <summary>Reads and writes a sweep folder's sweep.json.</summary>
public static class SweepFile
{
    public const string FileName = "sweep.json";

    public static SweepRecord Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new MlopsException($"not a sweep folder: {FileName} is missing", folder);
        try
        {
            return JsonSerializer.Deserialize<SweepRecord>(File.ReadAllText(path), ArtifactJson.Options)
                ?? throw new MlopsException("empty sweep file", path);
        }
        catch (JsonException error)
        {
            throw new MlopsException($"unreadable sweep file: {error.Message}", path, error);
        }
    }

    public static void Write(string folder, SweepRecord record) =>
        AtomicFile.WriteAllText(
            Path.Combine(folder, FileName),
            JsonSerializer.Serialize(record, ArtifactJson.Indented) + "\n"
        );

    public static bool IsSweepFolder(string folder) => File.Exists(Path.Combine(folder, FileName));
}
