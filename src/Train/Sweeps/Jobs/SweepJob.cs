using System.Globalization;
using Mlops.Core.Config;
using Mlops.Train.Config;

namespace Mlops.Train.Sweeps.Jobs;

/// <summary>
/// A sweep handed to a job engine: everything a task needs to train its trial, kept in the run store at
/// <c>.sweeps/&lt;id&gt;/job.json</c> so a task on another machine needs no file of the user's: each trial's fully
/// resolved config, its run name, and the rule that may stop it.
/// </summary>
public sealed record SweepJob
{
    /// <summary>&lt;sweep name&gt;-&lt;yyyyMMdd-HHmmss&gt;: also the prefix of its trials' run names.</summary>
    public required string Id { get; init; }
    public required string SweepFile { get; init; }
    public required SweepMetricName Metric { get; init; }
    public required SweepGoal Goal { get; init; }
    public required EarlyTerminationConfig EarlyTermination { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public required IReadOnlyList<SweepJobTrial> Trials { get; init; }

    /// <summary>Plans a job of <paramref name="plan"/>'s trials (every config checked first), each with
    /// <paramref name="threads"/> threads: a task has its machine's cores to itself.</summary>
    public static SweepJob Plan(SweepPlan plan, int threads, DateTimeOffset? now = null)
    {
        var created = (now ?? DateTimeOffset.UtcNow).ToUniversalTime();
        var id = $"{plan.Config.Name}-{created.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var trials = TrialPlanner
            .Plan(plan.Config)
            .Select(
                (parameters, index) =>
                    new SweepJobTrial
                    {
                        Index = index,
                        Params = parameters,
                        Run = $"{id}-t{index + 1:D2}",
                        ConfigYaml = plan.LoadTrial(index, parameters, threads).ToYaml(withSources: false),
                    }
            )
            .ToList();
        return new SweepJob
        {
            Id = id,
            SweepFile = Path.GetFullPath(plan.SweepFile),
            Metric = plan.Config.Metric.Name,
            Goal = plan.Config.Metric.Goal,
            EarlyTermination = plan.Config.EarlyTermination,
            CreatedUtc = created,
            Trials = trials,
        };
    }

    /// <summary>A trial's training config, loaded as its task loads it.</summary>
    public LoadedConfig<TrainConfig> TrialConfig(SweepJobTrial trial) =>
        ConfigLoader.LoadText<TrainConfig>(trial.ConfigYaml, $"{Id} trial {trial.Index + 1}");

    /// <summary>The data folders (or bucket prefixes) the trials read: what a task's image must carry.</summary>
    public IReadOnlyList<string> DataFolders() =>
        [.. Trials.Select(trial => TrialConfig(trial).Value.Data.ResolvedRoot).Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// What a job engine is handed, before it is planned: the job's name, how many tasks, how many at once, and the plan
/// made once the tasks' threads are known. A sweep file, or one training (`mlops train --target ...`) as a one-task
/// job.
/// </summary>
public sealed record JobPlanning(string Name, int TaskCount, int Parallel, Func<int, SweepJob> Plan)
{
    public static JobPlanning ForSweep(string sweepFile, IEnumerable<string> overrides)
    {
        var plan = SweepPlan.Load(sweepFile, overrides);
        return new JobPlanning(plan.Config.Name, TrialPlanner.Plan(plan.Config).Count, plan.Config.Parallel, threads =>
            SweepJob.Plan(plan, threads)
        );
    }

    /// <summary>One training run as a job of one task; its config is checked now, with the task's threads.</summary>
    public static JobPlanning ForTraining(string configPath, IReadOnlyList<string> overrides) =>
        ForTraining(more => Config.TrainConfig.Load(configPath, more), overrides, Path.GetFullPath(configPath));

    /// <param name="load">loads the training config with overrides (a file, or embedded text).</param>
    /// <param name="source">what the config came from, recorded in the job.</param>
    public static JobPlanning ForTraining(
        Func<IReadOnlyList<string>, Core.Config.LoadedConfig<Config.TrainConfig>> load,
        IReadOnlyList<string> overrides,
        string source
    )
    {
        var name = load(overrides).Value.Name;
        return new JobPlanning(name, 1, 1, threads =>
        {
            var loaded = load([.. overrides, $"train.threads={threads}"]);
            var created = DateTimeOffset.UtcNow;
            var id = $"{name}-{created.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            return new SweepJob
            {
                Id = id,
                SweepFile = source,
                Metric = SweepMetricName.ValAccuracy,
                Goal = SweepGoal.Maximize,
                EarlyTermination = new EarlyTerminationConfig(),
                CreatedUtc = created,
                Trials =
                [
                    new SweepJobTrial
                    {
                        Index = 0,
                        Params = new Dictionary<string, string>(),
                        Run = $"{id}-t01",
                        ConfigYaml = loaded.ToYaml(withSources: false),
                    },
                ],
            };
        });
    }
}

/// <summary>One trial of a <see cref="SweepJob"/>: task <see cref="Index"/> trains it into run <see cref="Run"/>.
/// </summary>
public sealed record SweepJobTrial
{
    public required int Index { get; init; }
    public required IReadOnlyDictionary<string, string> Params { get; init; }
    public required string Run { get; init; }
    public required string ConfigYaml { get; init; }
}
