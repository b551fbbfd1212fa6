using System.Globalization;

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
