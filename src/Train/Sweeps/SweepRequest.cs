using Mlops.Train.Runs;

namespace Mlops.Train.Sweeps;

/// <summary>What `mlops sweep` asks for.</summary>
public sealed record SweepRequest
{
    public required string SweepFile { get; init; }

    /// <summary>Overrides of the sweep file itself (`parallel=2`, `budget.max_runs=4`).</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Continue the newest unfinished sweep of this name instead of starting a new one.</summary>
    public bool Resume { get; init; }
    public TextWriter Output { get; init; } = Console.Out;
    public bool ShowProgress { get; init; } = true;

    /// <summary>Where the trials' runs are kept; null: each trial config's output.runs_dir.</summary>
    public Runs.Store.RunStore? Store { get; init; }

    /// <summary>Called after each epoch of each trial (trial index, metrics), from the trial's thread.</summary>
    public Action<int, EpochMetrics>? OnEpoch { get; init; }
}

/// <summary>How a sweep ended: its folder and record.</summary>
public sealed record SweepOutcome(string Folder, SweepRecord Record);
