using System.ComponentModel.DataAnnotations;
using Mlops.Core.Config;

namespace Mlops.Train.Sweeps;

/// <summary>
/// A sweep file (configs/sweeps/*.yaml): the base training config, the parameters to vary, how trials
/// are chosen, the metric to optimise, the budget and the early-termination rule.
/// </summary>
public sealed class SweepConfig : IValidatedConfig
{
    /// <summary>Sweep folder prefix: sweeps/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;; trial runs are named
    /// &lt;name&gt;-t&lt;N&gt;.</summary>
    [Required]
    public string Name { get; init; } = "";

    /// <summary>The training config every trial starts from, relative to the sweep file.</summary>
    [Required]
    public string Base { get; init; } = "";

    /// <summary>Fixed overrides applied to every trial (`train.epochs=2`, `model=resnet34`).</summary>
    public List<string> Overrides { get; init; } = [];

    public SweepMethod Method { get; init; } = SweepMethod.Grid;

    public SweepMetricConfig Metric { get; init; } = new();

    /// <summary>Config key (or group name) → values or distribution.</summary>
    public Dictionary<string, SweepParameter> Parameters { get; init; } = [];

    public SweepBudget Budget { get; init; } = new();

    public EarlyTerminationConfig EarlyTermination { get; init; } = new();

    /// <summary>Trials run at the same time; the base config's threads are split between them.</summary>
    [Range(1, 64)]
    public int Parallel { get; init; } = 1;

    /// <summary>Seed of the random search (the trials' own seed is the base config's).</summary>
    [Range(0, int.MaxValue)]
    public int Seed { get; init; }

    public string SweepsDir { get; init; } = "sweeps";

    public IEnumerable<ConfigIssue> Validate()
    {
        if (Parameters.Count == 0)
            yield return new ConfigIssue("parameters", "a sweep needs at least one parameter");
        if (Method == SweepMethod.Random && Budget.MaxRuns is null)
            yield return new ConfigIssue(
                "budget.max_runs",
                "random search needs budget.max_runs (how many trials to draw)"
            );
        foreach (var (key, parameter) in Parameters)
        foreach (var issue in parameter.Check(Method))
            yield return new ConfigIssue($"parameters.{key}{issue.Key}", issue.Message);
    }
}

public enum SweepMethod
{
    Grid,
    Random,
}

public enum SweepGoal
{
    Maximize,
    Minimize,
}

/// <summary>Epoch metrics a sweep can optimise (as written in metrics.jsonl).</summary>
public enum SweepMetricName
{
    ValAccuracy,
    ValLoss,
    TrainAccuracy,
    TrainLoss,
}

public sealed class SweepMetricConfig
{
    public SweepMetricName Name { get; init; } = SweepMetricName.ValAccuracy;
    public SweepGoal Goal { get; init; } = SweepGoal.Maximize;
}

public sealed class SweepBudget
{
    /// <summary>At most this many trials (grid: the first ones of the grid; random: how many are drawn).</summary>
    [Range(1, 10_000)]
    public int? MaxRuns { get; init; }

    /// <summary>No new trial starts after this many minutes of sweeping (summed over resumes).</summary>
    [Range(0d, 1_000_000d, MinimumIsExclusive = true)]
    public double? MaxMinutes { get; init; }
}

public enum EarlyTerminationRule
{
    None,
    Median,
}

public sealed class EarlyTerminationConfig
{
    public EarlyTerminationRule Rule { get; init; } = EarlyTerminationRule.None;

    /// <summary>A trial is never stopped before this many epochs.</summary>
    [Range(1, 100_000)]
    public int MinEpochs { get; init; } = 1;

    /// <summary>Finished trials needed at an epoch before the median there is trusted.</summary>
    [Range(1, 10_000)]
    public int MinTrials { get; init; } = 2;
}
