using Mlops.Train.Runs.Store;

namespace Mlops.Train.Sweeps.Jobs;

/// <summary>One trial's row of `mlops sweep status`: its run's state, epochs and best metric so far.</summary>
public sealed record SweepTrialRow(
    int Index,
    IReadOnlyDictionary<string, string> Params,
    string Run,
    TrialState State,
    int? Epochs,
    double? Metric,
    string? Message
);

/// <summary>A sweep job as the run store has it: one record read per trial (metrics only of trials with
/// epochs).</summary>
public sealed record SweepJobStatus(SweepJob Job, IReadOnlyList<SweepTrialRow> Trials, int? BestTrial)
{
    public int Count(TrialState state) => Trials.Count(trial => trial.State == state);

    /// <summary>Every trial has finished one way or another (nothing pending or running).</summary>
    public bool Settled => Trials.All(trial => trial.State is not (TrialState.Pending or TrialState.Running));

    public static SweepJobStatus Read(RunStore store, string sweepId)
    {
        var job = SweepJobFiles.Read(store.Bucket("a sweep job"), sweepId);
        var rows = job
            .Trials.AsParallel()
            .AsOrdered()
            .WithDegreeOfParallelism(8)
            .Select(trial => Row(store, job, trial))
            .ToList();
        var scored = rows.Where(row => row.State == TrialState.Completed && row.Metric is not null).ToList();
        var best = job.Goal == SweepGoal.Maximize ? scored.MaxBy(row => row.Metric) : scored.MinBy(row => row.Metric);
        return new SweepJobStatus(job, rows, best?.Index);
    }

    private static SweepTrialRow Row(RunStore store, SweepJob job, SweepJobTrial trial)
    {
        var record = store.ReadRecord(trial.Run);
        var state = SweepTrialState.Of(record);
        var history = record?.Progress is { Epochs: > 0 }
            ? store.ReadEpochs(trial.Run).Select(epoch => SweepMetric.Of(job.Metric, epoch)).OfType<double>().ToList()
            : [];
        return new SweepTrialRow(
            trial.Index,
            trial.Params,
            trial.Run,
            state.State,
            record?.Progress?.Epochs,
            history.Count == 0 ? null : SweepMetric.Best(job.Goal, history),
            state.Message
        );
    }
}
