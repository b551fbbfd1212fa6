namespace Mlops.Export.Quantization;

/// <summary>Turns an observed <see cref="TensorRange"/> into the [min, max] an activation is quantized over.</summary>
public static class RangeEstimators
{
    public const double Percentile = 99.999;
    private const int TargetLevels = 128;

    public static (double Min, double Max) Estimate(TensorRange range, CalibrationMethod method)
    {
        if (method == CalibrationMethod.MinMax || range.Histogram is null)
            return (range.Min, range.Max);
        var threshold = method == CalibrationMethod.Percentile ? PercentileThreshold(range) : EntropyThreshold(range);
        return (Math.Max(range.Min, -threshold), Math.Min(range.Max, threshold));
    }

    public static double PercentileThreshold(TensorRange range)
    {
        var histogram = range.Histogram!;
        var total = histogram.Sum();
        var wanted = total * Percentile / 100.0;
        long seen = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= wanted)
                return (i + 1) * BinWidth(range);
        }
        return range.HistogramLimit;
    }

    /// <summary>
    /// For each candidate clip point i (in bins), compare the clipped distribution P (outliers folded into its last
    /// bin) with P squeezed into 128 levels and spread back; keep the i with the smallest KL(P‖Q).
    /// </summary>
    public static double EntropyThreshold(TensorRange range)
    {
        var histogram = range.Histogram!;
        var bins = histogram.Length;
        var bestBin = bins;
        var bestDivergence = double.PositiveInfinity;
        var p = new double[bins];
        var q = new double[bins];
        for (var i = TargetLevels; i <= bins; i++)
        {
            for (var j = 0; j < i; j++)
                p[j] = histogram[j];
            for (var j = i; j < bins; j++)
                p[i - 1] += histogram[j];
            Array.Clear(q, 0, i);
            var perLevel = (double)i / TargetLevels;
            for (var level = 0; level < TargetLevels; level++)
            {
                var start = (int)Math.Floor(level * perLevel);
                var end = level == TargetLevels - 1 ? i : (int)Math.Floor((level + 1) * perLevel);
                double sum = 0;
                var nonEmpty = 0;
                for (var j = start; j < end; j++)
                {
                    sum += histogram[j];
                    if (histogram[j] > 0)
                        nonEmpty++;
                }
                if (nonEmpty == 0)
                    continue;
                for (var j = start; j < end; j++)
                    if (histogram[j] > 0)
                        q[j] = sum / nonEmpty;
            }
            var divergence = KullbackLeibler(p.AsSpan(0, i), q.AsSpan(0, i));
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                bestBin = i;
            }
        }
        return bestBin * BinWidth(range);
    }

    private static double KullbackLeibler(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double pSum = 0,
            qSum = 0;
        foreach (var v in p)
            pSum += v;
        foreach (var v in q)
            qSum += v;
        if (pSum <= 0 || qSum <= 0)
            return double.PositiveInfinity;
        double divergence = 0;
        for (var j = 0; j < p.Length; j++)
        {
            if (p[j] <= 0)
                continue;
            // A level Q leaves empty where P has mass: smooth instead of an infinite divergence.
            var qj = q[j] > 0 ? q[j] / qSum : 1e-9;
            var pj = p[j] / pSum;
            divergence += pj * Math.Log(pj / qj);
        }
        return divergence;
    }

    private static double BinWidth(TensorRange range) => range.HistogramLimit / range.Histogram!.Length;
}
