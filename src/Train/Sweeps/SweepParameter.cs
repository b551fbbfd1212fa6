using Mlops.Core.Config;

namespace Mlops.Train.Sweeps;

/// <summary>
/// One swept key: a list of <see cref="Values"/> (grid, or random choice), or a <see cref="Distribution"/>
/// between <see cref="Min"/> and <see cref="Max"/> (random search only).
/// </summary>
public sealed class SweepParameter
{
    public List<string>? Values { get; init; }
    public SweepDistribution? Distribution { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }

    /// <summary>Problems, each with a key suffix (".min") relative to the parameter.</summary>
    internal IEnumerable<(string Key, string Message)> Check(SweepMethod method)
    {
        bool isRange =
            Distribution is SweepDistribution.Uniform or SweepDistribution.LogUniform or SweepDistribution.IntUniform;
        if (Values is { Count: 0 })
            yield return (".values", "list at least one value");
        if (method == SweepMethod.Grid && Values is null)
            yield return ("", "a grid sweep needs 'values' for every parameter (distributions are for method: random)");
        if (Values is null && !isRange)
            yield return (
                "",
                "give 'values: [...]' or 'distribution: uniform|log_uniform|int_uniform' with min and max"
            );
        if (Distribution == SweepDistribution.Choice && Values is null)
            yield return (".values", "choice needs 'values'");
        if (isRange && Values is not null)
            yield return (
                ".values",
                $"'values' cannot be combined with distribution {ConfigScalars.Format(Distribution!.Value)}"
            );
        if (!isRange)
            yield break;
        if (Min is null)
            yield return (".min", "missing: the range needs min and max");
        if (Max is null)
            yield return (".max", "missing: the range needs min and max");
        if (Min is { } low && Max is { } high && low >= high)
            yield return (".max", $"must be above min ({low}), got {high}");
        if (Distribution == SweepDistribution.LogUniform && Min is <= 0)
            yield return (".min", $"log_uniform needs min > 0, got {Min}");
    }
}

public enum SweepDistribution
{
    Choice,
    Uniform,
    LogUniform,
    IntUniform,
}
