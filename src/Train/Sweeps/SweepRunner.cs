using System.Diagnostics;
using System.Globalization;
using Mlops.Core.Artifacts;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Core.Progress;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Mlops.Train.Training;

namespace Mlops.Train.Sweeps;

/// <summary>
/// Runs a sweep: plans the trials, then trains them one after another or N at a time, each as a normal
/// run folder, recording everything in sweeps/&lt;name&gt;-&lt;stamp&gt;/sweep.json after every change.
/// A killed sweep resumes: finished trials are kept, an interrupted one continues from its last checkpoint.
/// </summary>
public sealed class SweepRunner
{
    private readonly SweepRequest _request;
    private readonly SweepPlan _plan;
    private readonly string _folder;
    private readonly SweepRecord _record;
    private readonly MedianStoppingRule _median;
    private readonly TextWriter _output;
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _elapsedBefore;
    private readonly int _threads;
    private readonly Dictionary<int, LoadedConfig<TrainConfig>> _configs = [];

    private SweepRunner(SweepRequest request, SweepPlan plan, string folder, SweepRecord record, int threads)
    {
        _request = request;
        _plan = plan;
        _folder = folder;
        _record = record;
        _threads = threads;
        _elapsedBefore = record.ElapsedSeconds;
        _median = new MedianStoppingRule(plan.Config.EarlyTermination, plan.Config.Metric.Goal);
        _output = TextWriter.Synchronized(request.Output);
    }

    public static SweepOutcome Run(SweepRequest request, CancellationToken cancellation = default)
    {
        var plan = SweepPlan.Load(request.SweepFile, request.Overrides);
        var (folder, record) = request.Resume ? Reopen(plan) : (null, null);
        record ??= NewRecord(plan);
        var baseThreads = TrainConfig.Load(plan.BasePath, plan.Config.Overrides).Value.Train.Threads;
        var runner = new SweepRunner(
            request,
            plan,
            folder ?? CreateFolder(plan),
            record,
            plan.ThreadsPerTrial(baseThreads)
        );
        return runner.Execute(cancellation);
    }

    private static SweepRecord NewRecord(SweepPlan plan) =>
        new()
        {
            Name = plan.Config.Name,
            SweepFile = Path.GetFullPath(plan.SweepFile),
            BaseConfig = plan.BasePath,
            Method = plan.Config.Method,
            Metric = ConfigScalars.Format(plan.Config.Metric.Name),
            Goal = plan.Config.Metric.Goal,
            CreatedUtc = DateTimeOffset.UtcNow,
            Trials = TrialPlanner
                .Plan(plan.Config)
                .Select((parameters, index) => new TrialRecord { Index = index, Params = parameters })
                .ToList(),
        };

    private static string CreateFolder(SweepPlan plan)
    {
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (int attempt = 1; ; attempt++)
        {
            var folder = Path.Combine(
                plan.Config.SweepsDir,
                attempt == 1 ? $"{plan.Config.Name}-{stamp}" : $"{plan.Config.Name}-{stamp}-{attempt}"
            );
            if (Directory.Exists(folder))
                continue;
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>The newest sweep of this name that has not completed.</summary>
    private static (string, SweepRecord) Reopen(SweepPlan plan)
    {
        var dir = plan.Config.SweepsDir;
        var candidates = Directory.Exists(dir)
            ? Directory
                .GetDirectories(dir, plan.Config.Name + "-*")
                .Where(SweepFile.IsSweepFolder)
                .OrderByDescending(path => path, StringComparer.Ordinal)
                .ToList()
            : [];
        foreach (var folder in candidates)
        {
            var record = SweepFile.Read(folder);
            if (record.Status != SweepStatus.Completed)
                return (folder, record);
        }
        throw new MlopsException($"no unfinished sweep named '{plan.Config.Name}' to resume", dir);
    }

    private SweepOutcome Execute(CancellationToken cancellation)
    {
        // Every trial's config is checked before the first one trains.
        foreach (var trial in _record.Trials)
            _configs[trial.Index] = _plan.LoadTrial(trial.Index, trial.Params, _threads);
        _record.Status = SweepStatus.Running;
        Save();
        var queue = new Queue<TrialRecord>(
            _record.Trials.Where(trial => trial.Status is TrialStatus.Pending or TrialStatus.Running)
        );
        int done = _record.Trials.Count - queue.Count;
        Say(
            $"sweep {_record.Name}: {_record.Trials.Count} trials ({done} already finished), {_plan.Config.Parallel} "
                + $"at a time, {_threads} threads each → {_folder}"
        );

        using var progress = _request.ShowProgress
            ? ProgressReporter.Start($"sweep {_record.Name}", _record.Trials.Count)
            : ProgressReporter.StartPlain("sweep", _record.Trials.Count, TextWriter.Null, TimeSpan.MaxValue);
        progress.Advance(done);
        Exception? failure = null;
        var workers = Enumerable
            .Range(0, Math.Min(_plan.Config.Parallel, Math.Max(1, queue.Count)))
            .Select(_ => new Thread(() =>
            {
                try
                {
                    while (Next(queue) is { } trial)
                    {
                        RunTrial(trial, cancellation);
                        progress.Advance(1, BestValue());
                    }
                }
                catch (Exception error)
                {
                    lock (_lock)
                        failure ??= error;
                }
            }))
            .ToList();
        foreach (var worker in workers)
            worker.Start();
        foreach (var worker in workers)
            worker.Join();

        lock (_lock)
        {
            _record.Status = failure is null ? SweepStatus.Completed : SweepStatus.Interrupted;
            Save();
        }
        if (failure is OperationCanceledException)
        {
            Say($"sweep interrupted; continue with: mlops sweep --config {_plan.SweepFile} --resume");
            throw failure;
        }
        if (failure is not null)
            throw failure;
        Summarize();
        return new SweepOutcome(_folder, _record);
    }

    private TrialRecord? Next(Queue<TrialRecord> queue)
    {
        lock (_lock)
        {
            if (queue.Count == 0)
                return null;
            if (_plan.Config.Budget.MaxMinutes is { } minutes && ElapsedSeconds() > minutes * 60)
            {
                while (queue.TryDequeue(out var skipped))
                {
                    skipped.Status = TrialStatus.Skipped;
                    skipped.Message = $"budget of {minutes} minutes spent";
                }
                Save();
                return null;
            }
            return queue.Dequeue();
        }
    }

    private void RunTrial(TrialRecord trial, CancellationToken cancellation)
    {
        var loaded = _configs[trial.Index];
        string? resumeFrom = null;
        lock (_lock)
        {
            if (
                trial.Status == TrialStatus.Running
                && InterruptedRun(trial) is { } previous
                && File.Exists(previous.LastCheckpointPath)
                // A run that completed before the sweep could record it cannot be resumed: it is trained again.
                && previous.Info.Status != RunStatus.Completed
            )
                resumeFrom = previous.Name;
            trial.Run = resumeFrom;
            trial.Status = TrialStatus.Running;
            Save();
        }
        Say(
            $"trial {trial.Index + 1}/{_record.Trials.Count} "
                + $"{Describe(trial)}{(resumeFrom is null ? "" : " (resumed)")}"
        );
        var request = new TrainRequest
        {
            Config = loaded.Value,
            Provenance = loaded.Provenance,
            ResolvedYaml = loaded.ToYaml(withSources: false),
            CommandLine =
            [
                "mlops",
                "sweep",
                "--config",
                _plan.SweepFile,
                .. _plan.TrialOverrides(trial.Index, trial.Params, _threads),
            ],
            ResumeFrom = resumeFrom,
            Store = _request.Store,
            Trial = new RunTrial(Path.GetFileName(_folder), trial.Index) { TaskStartedUtc = DateTimeOffset.UtcNow },
            SourceFolder = Path.GetDirectoryName(Path.GetFullPath(_plan.SweepFile)),
            Output = TextWriter.Null,
            ShowProgress = false,
            ContinueAfterEpoch = metrics => AfterEpoch(trial, metrics),
        };
        try
        {
            var outcome = Trainer.Run(request, cancellation);
            // The trainer does not ask after the last epoch: metrics.jsonl is the full record.
            var history = RunFolder
                .Open(outcome.RunPath)
                .Metrics.ReadEpochs()
                .Select(MetricOf)
                .OfType<double>()
                .ToList();
            lock (_lock)
            {
                trial.Run = outcome.RunPath;
                // An image folder has no test split: its final evaluation, on the validation part, is no test accuracy.
                trial.TestAccuracy =
                    outcome.Test is { } final && EvaluationReport.IsTestSplit(final.Split) ? final.Accuracy : null;
                SetHistory(trial, history);
                if (trial.Status == TrialStatus.Running)
                    trial.Status = TrialStatus.Completed;
                if (trial.Status == TrialStatus.Completed && outcome.Stopped)
                    trial.Message = outcome.StopReason;
                UpdateBest();
                Save();
            }
            Say(
                $"trial {trial.Index + 1}: {trial.Status.ToString().ToLowerInvariant()}, {_record.Metric} "
                    + $"{Format(trial.Metric)}"
                    + (trial.TestAccuracy is { } test ? $", test accuracy {test:P2}" : "")
                    + (trial.Message is null ? "" : $" ({trial.Message})")
            );
        }
        catch (MlopsException error)
        {
            lock (_lock)
            {
                trial.Status = TrialStatus.Failed;
                trial.Message = error.Message;
                Save();
            }
            Say($"trial {trial.Index + 1} failed: {error.Message}");
        }
    }

    /// <summary>
    /// The run an interrupted trial left: the newest run of the trial's name created since the sweep began
    /// (a kill can come before sweep.json learns the run's folder).
    /// </summary>
    private RunFolder? InterruptedRun(TrialRecord trial)
    {
        using var ownStore = _request.Store is null
            ? RunStore.Open(_configs[trial.Index].Value.Output.RunsDir, "output.runs_dir")
            : null;
        var store = _request.Store ?? ownStore!;
        var name = _plan.TrialName(trial.Index) + "-";
        var run = store
            .List()
            .FirstOrDefault(summary =>
                summary.Problem is null
                && summary.Name.StartsWith(name, StringComparison.Ordinal)
                && summary.CreatedUtc >= _record.CreatedUtc.AddSeconds(-1)
            );
        return run is null ? null : store.OpenForResume(run.Name);
    }

    /// <summary>Records the epoch's metric, then applies the median rule against the finished trials.</summary>
    private bool AfterEpoch(TrialRecord trial, EpochMetrics metrics)
    {
        _request.OnEpoch?.Invoke(trial.Index, metrics);
        var value = MetricOf(metrics);
        if (value is null)
            return true;
        lock (_lock)
        {
            SetHistory(trial, [.. trial.History.Take(metrics.Epoch - 1), value.Value]);
            var finished = _record
                .Trials.Where(other => other.Status == TrialStatus.Completed)
                .Select(other => (IReadOnlyList<double>)other.History);
            var reason = _median.ShouldStop(trial.History, finished);
            if (reason is not null)
            {
                trial.Status = TrialStatus.Pruned;
                trial.Message = reason;
            }
            Save();
            Say(
                $"  trial {trial.Index + 1} epoch {metrics.Epoch}: {_record.Metric} "
                    + $"{value:G4}{(reason is null ? "" : " → stopped, " + reason)}"
            );
            return reason is null;
        }
    }

    /// <summary>Caller holds the lock.</summary>
    private void SetHistory(TrialRecord trial, IReadOnlyList<double> history)
    {
        trial.History.Clear();
        trial.History.AddRange(history);
        if (history.Count == 0)
            return;
        var best = _plan.Config.Metric.Goal == SweepGoal.Maximize ? history.Max() : history.Min();
        trial.Metric = best;
        trial.BestEpoch = trial.History.IndexOf(best) + 1;
    }

    private double? MetricOf(EpochMetrics metrics) => SweepMetric.Of(_plan.Config.Metric.Name, metrics);

    private void UpdateBest()
    {
        var scored = _record.Trials.Where(trial => trial.Status == TrialStatus.Completed && trial.Metric is not null);
        var best =
            _record.Goal == SweepGoal.Maximize
                ? scored.MaxBy(trial => trial.Metric)
                : scored.MinBy(trial => trial.Metric);
        _record.BestTrial = best?.Index;
    }

    private (string, double)[] BestValue()
    {
        lock (_lock)
            return _record.BestTrial is { } best && _record.Trials[best].Metric is { } value
                ? [("best " + _record.Metric, value)]
                : [];
    }

    private void Summarize()
    {
        var counts = _record
            .Trials.GroupBy(trial => trial.Status)
            .Select(group => $"{group.Count()} {group.Key.ToString().ToLowerInvariant()}");
        Say($"sweep {_record.Name} finished: {string.Join(", ", counts)}");
        if (_record.BestTrial is { } best)
            Say(
                $"best: trial {best + 1} {Describe(_record.Trials[best])}, {_record.Metric} "
                    + $"{Format(_record.Trials[best].Metric)} → {_record.Trials[best].Run}"
            );
    }

    private double ElapsedSeconds() => _elapsedBefore + _clock.Elapsed.TotalSeconds;

    /// <summary>Caller holds the lock (or is the only thread).</summary>
    private void Save()
    {
        _record.ElapsedSeconds = ElapsedSeconds();
        SweepFile.Write(_folder, _record);
    }

    private static string Describe(TrialRecord trial) =>
        string.Join(" ", trial.Params.Select(entry => $"{entry.Key}={entry.Value}"));

    private static string Format(double? value) => value?.ToString("G4", CultureInfo.InvariantCulture) ?? "-";

    private void Say(string message) => _output.WriteLine(message);
}
