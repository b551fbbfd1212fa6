using System.Diagnostics;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Mlops.Train.Training;

namespace Mlops.Train.Sweeps.Jobs;

/// <summary>
/// One task of a sweep job (`mlops sweep task`): trains the trial its slot names into the run store. A retried task
/// (preempted, crashed) continues the trial's run from its last stored checkpoint; a trial already complete is left
/// alone. The median rule reads the other trials' finished runs from the store.
/// </summary>
public sealed class SweepTask
{
    private readonly RunStore _store;
    private readonly SweepJob _job;
    private readonly SweepJobTrial _trial;
    private readonly MedianStoppingRule _median;
    private readonly Dictionary<string, IReadOnlyList<double>> _finished = [];
    private readonly List<double> _history = [];

    private SweepTask(RunStore store, SweepJob job, SweepJobTrial trial)
    {
        _store = store;
        _job = job;
        _trial = trial;
        _median = new MedianStoppingRule(job.EarlyTermination, job.Goal);
    }

    public static SweepTaskOutcome Run(
        RunStore store,
        string sweepId,
        TaskSlot slot,
        TextWriter output,
        CancellationToken cancellation = default
    )
    {
        var job = SweepJobFiles.Read(store.Bucket("a sweep task"), sweepId);
        if (slot.Index < 0 || slot.Index >= job.Trials.Count)
            throw new MlopsException(
                $"task {slot.Index} does not exist: sweep {sweepId} has {job.Trials.Count} trials (tasks 0 to "
                    + $"{job.Trials.Count - 1})",
                slot.IndexFrom
            );
        return new SweepTask(store, job, job.Trials[slot.Index]).Train(slot, output, cancellation);
    }

    private SweepTaskOutcome Train(TaskSlot slot, TextWriter output, CancellationToken cancellation)
    {
        var existing = _store.ReadRecord(_trial.Run);
        if (SweepTrialState.Of(existing).Done)
        {
            output.WriteLine($"trial {_trial.Index + 1}: {_trial.Run} has finished already: nothing to do");
            return new SweepTaskOutcome(_trial.Run, existing!.Attempt, AlreadyComplete: true);
        }
        if (existing is not null)
            _history.AddRange(Metrics(_store.ReadEpochs(_trial.Run)));
        var loaded = _job.TrialConfig(_trial);
        output.WriteLine(
            $"trial {_trial.Index + 1}/{_job.Trials.Count} of {_job.Id} "
                + string.Join(" ", _trial.Params.Select(entry => $"{entry.Key}={entry.Value}"))
                + (existing is null ? "" : $" (resuming {_trial.Run} after epoch {_history.Count})")
                + (slot.Attempt is { } attempt ? $", engine attempt {attempt}" : "")
        );
        var outcome = Trainer.Run(
            new TrainRequest
            {
                Config = loaded.Value,
                ResolvedYaml = _trial.ConfigYaml,
                CommandLine = ["mlops", "sweep", "task", _job.Id, "--task-index", _trial.Index.ToString()],
                Store = _store,
                Trial = new RunTrial(_job.Id, _trial.Index)
                {
                    TaskStartedUtc = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()),
                },
                RunName = _trial.Run,
                ResumeFrom = existing is null ? null : _trial.Run,
                StartOverWithoutCheckpoint = true,
                Output = output,
                ShowProgress = false,
                StopAfterEpoch = AfterEpoch,
            },
            cancellation
        );
        var record = _store.ReadRecord(_trial.Run);
        output.WriteLine($"trial {_trial.Index + 1}: {record?.Status.ToString().ToLowerInvariant()} → {_trial.Run}");
        return new SweepTaskOutcome(outcome.RunName, record?.Attempt ?? 1, AlreadyComplete: false);
    }

    /// <summary>The median rule against the trials that have finished by now, as the store has them.</summary>
    private string? AfterEpoch(EpochMetrics epoch)
    {
        if (SweepMetric.Of(_job.Metric, epoch) is not { } value)
            return null;
        _history.RemoveRange(Math.Min(_history.Count, epoch.Epoch - 1), Math.Max(0, _history.Count - epoch.Epoch + 1));
        _history.Add(value);
        return _median.ShouldStop(_history, FinishedHistories());
    }

    private IEnumerable<IReadOnlyList<double>> FinishedHistories()
    {
        foreach (var other in _job.Trials.Where(other => other.Index != _trial.Index))
        {
            if (!_finished.ContainsKey(other.Run) && SweepTrialState.Of(_store.ReadRecord(other.Run)).Finished)
                _finished[other.Run] = Metrics(_store.ReadEpochs(other.Run));
        }
        return _finished.Values;
    }

    private List<double> Metrics(IEnumerable<EpochMetrics> epochs) =>
        epochs.Select(epoch => SweepMetric.Of(_job.Metric, epoch)).OfType<double>().ToList();
}

public sealed record SweepTaskOutcome(string Run, int Attempt, bool AlreadyComplete);
