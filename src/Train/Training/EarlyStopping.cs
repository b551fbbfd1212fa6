using Mlops.Train.Config;

namespace Mlops.Train.Training;

/// <summary>Tracks the best validation metric; says when it has not improved for `patience` epochs.</summary>
public sealed class EarlyStopping(EarlyStoppingConfig config)
{
    public double? Best { get; private set; }
    public int BestEpoch { get; private set; }
    public int EpochsWithoutImprovement { get; private set; }

    public void Restore(double? best, int bestEpoch, int epochsWithoutImprovement)
    {
        Best = best;
        BestEpoch = bestEpoch;
        EpochsWithoutImprovement = epochsWithoutImprovement;
    }

    /// <summary>Records an epoch's metrics; true when they are the best so far (save the best checkpoint).</summary>
    public bool Observe(int epoch, double valLoss, double valAccuracy)
    {
        double value = config.Metric == EarlyStoppingMetric.ValLoss ? valLoss : valAccuracy;
        bool improved =
            Best is not double best
            || (
                config.Metric == EarlyStoppingMetric.ValLoss
                    ? value < best - config.MinDelta
                    : value > best + config.MinDelta
            );
        if (improved)
        {
            Best = value;
            BestEpoch = epoch;
            EpochsWithoutImprovement = 0;
        }
        else
            EpochsWithoutImprovement++;
        return improved;
    }

    public bool ShouldStop => config.Patience > 0 && EpochsWithoutImprovement >= config.Patience;

    public string MetricName => config.Metric == EarlyStoppingMetric.ValLoss ? "val_loss" : "val_accuracy";
}
