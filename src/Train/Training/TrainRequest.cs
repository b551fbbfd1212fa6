using Mlops.Core.Artifacts;
using Mlops.Core.Config;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;

namespace Mlops.Train.Training;

/// <summary>What `mlops train` asks for: a validated config (and its resolved YAML), or a run to resume.</summary>
public sealed record TrainRequest
{
    public required TrainConfig Config { get; init; }

    /// <summary>Where each config value came from: data found unusable (a data.root that does not exist) is reported at
    /// its line.</summary>
    public ConfigProvenance? Provenance { get; init; }

    /// <summary>The resolved config as YAML, written to the run folder.</summary>
    public required string ResolvedYaml { get; init; }
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    /// <summary>
    /// The folder of the experiment file: the run records the git commit of the repository holding it, which is what
    /// reproduces the experiment wherever mlops was started from. Null (embedded defaults): the working folder's.
    /// </summary>
    public string? SourceFolder { get; init; }

    /// <summary>A run to continue from its last checkpoint: its name in <see cref="Store"/>, or a folder.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Where the run is kept; null: the config's output.runs_dir.</summary>
    public RunStore? Store { get; init; }

    /// <summary>The sweep trial this run is, recorded in run.json.</summary>
    public RunTrial? Trial { get; init; }

    /// <summary>The new run's exact name instead of &lt;config name&gt;-&lt;time&gt; (a sweep task's trial).</summary>
    public string? RunName { get; init; }

    /// <summary>
    /// A resumed run that has no checkpoint yet (its first attempt died in epoch 1) trains from the start, as a new
    /// attempt of the same run, instead of being refused: what a retried job task wants.
    /// </summary>
    public bool StartOverWithoutCheckpoint { get; init; }

    /// <summary>Where status lines go (the progress bar has its own display).</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>Show a progress bar (off in tests).</summary>
    public bool ShowProgress { get; init; } = true;

    /// <summary>Asked after every epoch; returning false ends the run there (a sweep's early termination).</summary>
    public Func<EpochMetrics, bool>? ContinueAfterEpoch { get; init; }

    /// <summary>Asked after every epoch; a reason ends the run there and is recorded as why it stopped.</summary>
    public Func<EpochMetrics, string?>? StopAfterEpoch { get; init; }
}

/// <summary>How a training run ended.</summary>
public sealed record TrainOutcome(
    string RunPath,
    string RunName,
    int EpochsCompleted,
    bool Stopped,
    string? StopReason,
    EvaluationResult? Test
);
