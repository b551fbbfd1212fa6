using System.Globalization;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Images;

namespace Mlops.Data.Drift;

/// <summary>One feature's comparison: KS gap and p-value, PSI, and whether it counts as drift.</summary>
public sealed record FeatureDrift(
    string Feature,
    double KsStatistic,
    double PValue,
    double Psi,
    bool Drifted,
    double[] Reference,
    double[] Current
);

/// <summary>The predicted-class distribution's comparison.</summary>
public sealed record PredictionDrift(
    IReadOnlyList<string> Labels,
    int[] ReferenceCounts,
    int[] CurrentCounts,
    double Psi,
    bool Drifted
);

public sealed record DriftResult(
    IReadOnlyList<FeatureDrift> Features,
    PredictionDrift Predictions,
    int ReferenceCount,
    int CurrentCount
)
{
    public bool Drifted => Features.Any(f => f.Drifted) || Predictions.Drifted;
}

/// <summary>
/// Compares current traffic with a reference (the training data's statistics, or an earlier log). A feature
/// drifts when the KS test rejects "same distribution" (p below <see cref="Alpha"/>) AND the PSI is at least
/// <see cref="PsiThreshold"/> — significance alone flags harmless shifts once samples are large.
/// </summary>
public sealed record DriftAnalysis
{
    public double Alpha { get; init; } = 0.01;
    public double PsiThreshold { get; init; } = 0.1;
    public int MinimumSamples { get; init; } = 30;

    public DriftResult Compare(IReadOnlyList<DriftRecord> reference, IReadOnlyList<DriftRecord> current)
    {
        // Outside these ranges every feature would read as drifted (or none would), which looks like an answer.
        if (!(Alpha > 0 && Alpha < 1))
            throw new MlopsException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the KS significance level must be between 0 and 1 (exclusive), got {Alpha}"
                ),
                "--alpha"
            );
        if (!(PsiThreshold > 0 && double.IsFinite(PsiThreshold)))
            throw new MlopsException(
                string.Create(CultureInfo.InvariantCulture, $"the PSI threshold must be above 0, got {PsiThreshold}"),
                "--psi-threshold"
            );
        if (reference.Count < MinimumSamples || current.Count < MinimumSamples)
            throw new MlopsException(
                $"drift needs at least {MinimumSamples} records on each side, got {reference.Count} reference and "
                    + $"{current.Count} current",
                "drift"
            );
        var features = ImageFeatures
            .Names.Select(name =>
            {
                var r = reference.Select(x => ImageFeatures.Of(x)[name]).ToArray();
                var c = current.Select(x => ImageFeatures.Of(x)[name]).ToArray();
                var (d, p) = DriftStatistics.KolmogorovSmirnov(r, c);
                var psi = DriftStatistics.PopulationStability(r, c);
                return new FeatureDrift(name, d, p, psi, p < Alpha && psi >= PsiThreshold, r, c);
            })
            .ToList();

        var labels = reference
            .Concat(current)
            .GroupBy(x => x.Prediction)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.First().Label))
            .ToList();
        var referenceCounts = labels.Select(l => reference.Count(x => x.Prediction == l.Key)).ToArray();
        var currentCounts = labels.Select(l => current.Count(x => x.Prediction == l.Key)).ToArray();
        var predictionPsi = DriftStatistics.PopulationStability(referenceCounts, currentCounts);
        var predictions = new PredictionDrift(
            labels.Select(l => l.Label).ToList(),
            referenceCounts,
            currentCounts,
            predictionPsi,
            predictionPsi >= PsiThreshold * 2
        );
        return new DriftResult(features, predictions, reference.Count, current.Count);
    }
}
