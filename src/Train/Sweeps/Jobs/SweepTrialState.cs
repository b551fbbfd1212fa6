using Mlops.Train.Runs;
using Mlops.Train.Training;

namespace Mlops.Train.Sweeps.Jobs;

public enum TrialState
{
    Pending,
    Running,

    /// <summary>Stopped by SIGTERM (a cancelled or timed-out task): the next attempt, if one comes, resumes it.
    /// </summary>
    Interrupted,
    Completed,
    Pruned,
    Failed,
}

/// <summary>
/// A trial's state read from its run's record in the store. A run stopped by early stopping is a completed trial and
/// one stopped by the median rule a pruned one — both finished, never trained again; one interrupted (Ctrl+C, a task
/// sent SIGTERM) is still running: its next attempt resumes it.
/// </summary>
public sealed record SweepTrialState(TrialState State, string? Message)
{
    public static SweepTrialState Of(RunInfo? record) =>
        record switch
        {
            null => new(TrialState.Pending, null),
            { Status: RunStatus.Completed } => new(TrialState.Completed, null),
            { Status: RunStatus.Failed } => new(TrialState.Failed, record.Message),
            { Status: RunStatus.Stopped, Message: { } why }
                when why.StartsWith(MedianStoppingRule.ReasonPrefix, StringComparison.Ordinal) => new(
                TrialState.Pruned,
                why
            ),
            { Status: RunStatus.Stopped, Message: { } why }
                when why.StartsWith(Trainer.InterruptedPrefix, StringComparison.Ordinal) => new(
                TrialState.Interrupted,
                why
            ),
            { Status: RunStatus.Stopped } => new(TrialState.Completed, record.Message),
            _ => new(TrialState.Running, null),
        };

    /// <summary>Ran to its end: its curve counts for the median rule.</summary>
    public bool Finished => State == TrialState.Completed;

    /// <summary>Nothing more to train: a retried task leaves it alone.</summary>
    public bool Done => State is TrialState.Completed or TrialState.Pruned;
}
