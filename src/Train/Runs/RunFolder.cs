using System.Globalization;
using System.Text;
using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Core.Provenance;
using Mlops.Train.Runs.Store;

namespace Mlops.Train.Runs;

/// <summary>
/// One training run on disk, <c>runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;/</c>:
/// config.yaml (resolved config), run.json (<see cref="RunInfo"/>), metrics.jsonl, checkpoints/,
/// evaluation.json and train.log. Every file but the logs is written atomically.
/// </summary>
public sealed class RunFolder
{
    public const string InfoFile = "run.json";
    public const string MetricsFile = "metrics.jsonl";
    public const string LogFile = "train.log";
    public const string CheckpointsFolder = "checkpoints";

    private RunFolder(string path, RunInfo info)
    {
        Path = path;
        Info = info;
        Metrics = new MetricsLog(System.IO.Path.Combine(path, MetricsFile));
    }

    public string Path { get; }

    public string Name => Info.Name;

    public RunInfo Info { get; private set; }

    public MetricsLog Metrics { get; }

    /// <summary>Where every change of the record is published besides this folder (a bucket run store); null for a
    /// run that lives only here.</summary>
    public IRunMirror? Mirror { get; private set; }

    public string ConfigPath => File(ArtifactNames.Config);
    public string InfoPath => File(InfoFile);
    public string EvaluationPath => File(ArtifactNames.Evaluation);
    public string LogPath => File(LogFile);
    public string CheckpointsPath => File(CheckpointsFolder);

    /// <summary>Weights of the best epoch so far (by the early-stopping metric); metadata goes next to it as
    /// .json.</summary>
    public string BestCheckpointPath => System.IO.Path.Combine(CheckpointsPath, "best.safetensors");

    /// <summary>Weights (and, next to them, optimizer state and metadata) of the last finished epoch: what --resume
    /// continues from.</summary>
    public string LastCheckpointPath => System.IO.Path.Combine(CheckpointsPath, ArtifactNames.LastCheckpoint);

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>
    /// Creates a new run folder under <paramref name="runsDir"/> and writes config.yaml and run.json.
    /// Two runs started in the same second get distinct folders (-2, -3); with <paramref name="exactName"/> (a sweep
    /// task's trial run) that name or an error. The git commit recorded is that of the
    /// repository holding <paramref name="sourceFolder"/> (the experiment file's folder), else the working folder's.
    /// </summary>
    public static RunFolder Create(
        string runsDir,
        string prefix,
        string resolvedConfigYaml,
        IReadOnlyList<string> commandLine,
        DateTimeOffset? now = null,
        string? sourceFolder = null,
        RunTrial? trial = null,
        IRunMirror? mirror = null,
        string? exactName = null
    )
    {
        var created = (now ?? DateTimeOffset.UtcNow).ToUniversalTime();
        var stamp = created.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var git = (sourceFolder is null ? null : GitState.Read(sourceFolder))
            ?? GitState.Read(Directory.GetCurrentDirectory());
        try
        {
            Directory.CreateDirectory(runsDir);
            for (var attempt = 1; ; attempt++)
            {
                if (exactName is not null && attempt > 1)
                    throw new MlopsException($"a run named {exactName} exists already", runsDir);
                var name = exactName ?? (attempt == 1 ? $"{prefix}-{stamp}" : $"{prefix}-{stamp}-{attempt}");
                var path = System.IO.Path.Combine(runsDir, name);
                var info = new RunInfo
                {
                    Name = name,
                    Prefix = prefix,
                    CreatedUtc = created,
                    CommandLine = commandLine,
                    GitCommit = git?.Commit,
                    GitDirty = git?.Dirty,
                    Trial = trial,
                };
                if (!TryClaim(path, info))
                    continue;
                if (mirror is not null && !mirror.TryClaim(info))
                {
                    Directory.Delete(path, recursive: true);
                    continue;
                }
                var run = new RunFolder(path, info) { Mirror = mirror };
                AtomicFile.WriteAllText(run.ConfigPath, resolvedConfigYaml);
                Directory.CreateDirectory(run.CheckpointsPath);
                return run;
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException($"cannot create a run folder: {error.Message}", runsDir, error);
        }
    }

    /// <summary>The run a checkpoint was written by (it sits in &lt;run&gt;/checkpoints/), or null when it is not in
    /// one.</summary>
    public static RunFolder? OfCheckpoint(string checkpointPath)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(checkpointPath));
        var run = System.IO.Path.GetDirectoryName(folder);
        return
            System.IO.Path.GetFileName(folder) == CheckpointsFolder
            && run is not null
            && System.IO.File.Exists(System.IO.Path.Combine(run, InfoFile))
            ? Open(run)
            : null;
    }

    /// <summary>Opens an existing run (for --resume or to record its evaluation).</summary>
    public static RunFolder Open(string path)
    {
        var infoPath = System.IO.Path.Combine(path, InfoFile);
        if (!Directory.Exists(path))
            throw new MlopsException("run folder not found", path);
        if (!System.IO.File.Exists(infoPath))
            throw new MlopsException($"not a run folder: {InfoFile} is missing", path);
        RunInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<RunInfo>(System.IO.File.ReadAllText(infoPath), ArtifactJson.Options);
        }
        catch (JsonException error)
        {
            throw new MlopsException($"unreadable run file: {error.Message}", infoPath, error);
        }
        return new RunFolder(path, info ?? throw new MlopsException("empty run file", infoPath));
    }

    /// <summary>Publishes every change from now on to <paramref name="mirror"/> too (a run resumed from a
    /// store).</summary>
    public void MirrorTo(IRunMirror mirror) => Mirror = mirror;

    public void SetDataFingerprint(string fingerprint) => Save(Info with { DataFingerprint = fingerprint });

    /// <summary>
    /// Commits a finished epoch: its metrics line and checkpoints are written, so the record now counts it. A mirror
    /// publishes the epoch's metrics and checkpoints before the record that points at them.
    /// </summary>
    public void RecordEpoch(EpochMetrics metrics)
    {
        var best = new[] { Info.Progress?.BestValAccuracy, metrics.ValAccuracy }.Max();
        Save(Info with { Progress = new RunProgress(metrics.Epoch, best, metrics.ValLoss) });
    }

    /// <summary>Records that this attempt's first training step has finished.</summary>
    public void MarkFirstStep() => Save(Info with { FirstStepUtc = DateTimeOffset.UtcNow });

    /// <summary>Marks the run running again and records the resuming command.</summary>
    public void MarkResumed(IReadOnlyList<string> commandLine) =>
        Save(
            Info with
            {
                Status = RunStatus.Running,
                FinishedUtc = null,
                Message = null,
                Resumes = [.. Info.Resumes, new RunResume(DateTimeOffset.UtcNow, commandLine)],
                Attempt = Info.Attempt + 1,
                FirstStepUtc = null,
            }
        );

    public void MarkCompleted() => Finish(RunStatus.Completed, null);

    public void MarkFailed(string reason) => Finish(RunStatus.Failed, reason);

    /// <summary>Stopped by the user (Ctrl+C) or by early stopping; <paramref name="reason"/> says which.</summary>
    public void MarkStopped(string reason) => Finish(RunStatus.Stopped, reason);

    private void Finish(RunStatus status, string? message) =>
        Save(Info with { Status = status, Message = message, FinishedUtc = DateTimeOffset.UtcNow });

    private void Save(RunInfo info)
    {
        AtomicFile.WriteAllText(InfoPath, JsonSerializer.Serialize(info, ArtifactJson.Indented) + "\n");
        Info = info;
        Mirror?.Publish(this);
    }

    /// <summary>Creating run.json with CreateNew is the claim: only one process can win a folder name.</summary>
    private static bool TryClaim(string path, RunInfo info)
    {
        Directory.CreateDirectory(path);
        try
        {
            using var stream = new FileStream(
                System.IO.Path.Combine(path, InfoFile),
                FileMode.CreateNew,
                FileAccess.Write
            );
            stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(info, ArtifactJson.Indented) + "\n"));
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (System.IO.File.Exists(System.IO.Path.Combine(path, InfoFile)))
        {
            return false;
        }
    }
}
