using Mlops.Train.Runs;

namespace Mlops.Train.Sweeps;

/// <summary>The value of a sweep's metric in an epoch's record; null when the epoch has none (no validation
/// split).</summary>
public static class SweepMetric
{
    public static double? Of(SweepMetricName metric, EpochMetrics epoch) =>
        metric switch
        {
            SweepMetricName.ValAccuracy => epoch.ValAccuracy,
            SweepMetricName.ValLoss => epoch.ValLoss,
            SweepMetricName.TrainAccuracy => epoch.TrainAccuracy,
            _ => epoch.TrainLoss,
        };

    /// <summary>The metric as the sweep file spells it (val_loss).</summary>
    public static string Name(SweepMetricName metric) => Core.Config.ConfigSchema.SnakeCase(metric.ToString());

    /// <summary>The best value of a history under <paramref name="goal"/>.</summary>
    public static double Best(SweepGoal goal, IEnumerable<double> history) =>
        goal == SweepGoal.Maximize ? history.Max() : history.Min();
}
