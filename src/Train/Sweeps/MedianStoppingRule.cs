namespace Mlops.Train.Sweeps;

/// <summary>
/// The median rule: after <c>min_epochs</c>, a trial whose best metric so far at epoch k is worse than
/// the median of the finished trials' best-so-far at epoch k is stopped. Best-so-far (not the raw value)
/// keeps one noisy epoch from killing a good trial.
/// </summary>
public sealed class MedianStoppingRule(EarlyTerminationConfig config, SweepGoal goal)
{
    /// <summary>How every reason this rule gives begins (a stopped run's record is read back by it).</summary>
    public const string ReasonPrefix = "median rule:";

    /// <param name="history">The trial's metric per epoch (index 0 = epoch 1), the current epoch last.</param>
    /// <param name="finished">Per-epoch histories of the trials that ran to their end.</param>
    /// <returns>Why the trial should stop, or null to continue.</returns>
    public string? ShouldStop(IReadOnlyList<double> history, IEnumerable<IReadOnlyList<double>> finished)
    {
        if (config.Rule != EarlyTerminationRule.Median)
            return null;
        int epoch = history.Count;
        if (epoch < config.MinEpochs)
            return null;
        var others = finished.Where(other => other.Count >= epoch).Select(other => BestSoFar(other, epoch)).ToList();
        if (others.Count < config.MinTrials)
            return null;
        double median = Median(others),
            mine = BestSoFar(history, epoch);
        bool behind = goal == SweepGoal.Maximize ? mine < median : mine > median;
        return behind
            ? $"{ReasonPrefix} best {mine:G4} at epoch {epoch} is behind the median {median:G4} of {others.Count} "
                + $"finished trials"
            : null;
    }

    private double BestSoFar(IReadOnlyList<double> history, int epochs)
    {
        var values = history.Take(epochs);
        return goal == SweepGoal.Maximize ? values.Max() : values.Min();
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
