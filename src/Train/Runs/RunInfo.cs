namespace Mlops.Train.Runs;

/// <summary>The content of run.json: what a run is, where it came from, and how it ended.</summary>
public sealed record RunInfo
{
    /// <summary>Folder name: &lt;prefix&gt;-&lt;yyyyMMdd-HHmmss&gt;[-n].</summary>
    public required string Name { get; init; }

    /// <summary>The config's `name`, the prefix of the folder name.</summary>
    public required string Prefix { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    public DateTimeOffset? FinishedUtc { get; init; }

    public RunStatus Status { get; init; } = RunStatus.Running;

    /// <summary>Why the run failed or stopped.</summary>
    public string? Message { get; init; }

    /// <summary>git commit the run was started from; null outside a repository.</summary>
    public string? GitCommit { get; init; }

    /// <summary>True when the working tree had uncommitted changes.</summary>
    public bool? GitDirty { get; init; }

    /// <summary>Content hash of the training data (from the data stage).</summary>
    public string? DataFingerprint { get; init; }

    /// <summary>The command that started the run, as arguments.</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    /// <summary>When the run was resumed, and with which command.</summary>
    public IReadOnlyList<RunResume> Resumes { get; init; } = [];

    /// <summary>The sweep this run is a trial of, and which trial; null outside a sweep.</summary>
    public RunTrial? Trial { get; init; }

    /// <summary>1 for the first start, one more for every resume (a retried job task is a resume).</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>When this attempt's first optimizer step finished; from <see cref="RunTrial.TaskStartedUtc"/> (or
    /// <see cref="CreatedUtc"/>) to here is what starting costs.</summary>
    public DateTimeOffset? FirstStepUtc { get; init; }

    /// <summary>Figures of the epochs finished so far, so a table of runs never reads their metrics.</summary>
    public RunProgress? Progress { get; init; }

    /// <summary>In a bucket run store: the checkpoints this record commits to (see BucketRunLayout).</summary>
    public StoredCheckpoints? Stored { get; init; }
}

public sealed record RunTrial(string Sweep, int Index)
{
    /// <summary>When the task training this trial started (its process, for a job task): with the first step's time,
    /// what starting a task costs.</summary>
    public DateTimeOffset? TaskStartedUtc { get; init; }
}

public sealed record RunProgress(int Epochs, double? BestValAccuracy, double? LastValLoss);

/// <summary>The epoch folders holding the last and the best checkpoint; null when there is none yet.</summary>
public sealed record StoredCheckpoints(int? LastEpoch, int? BestEpoch);

public sealed record RunResume(DateTimeOffset AtUtc, IReadOnlyList<string> CommandLine);
