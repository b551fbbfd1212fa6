namespace Mlops.Bench.OnnxBinding;

/// <summary>Mean and median of one series of per-call latencies, in milliseconds.</summary>
internal sealed record LatencyStats(double MeanMs, double P50Ms, int Iterations)
{
    public static LatencyStats From(IReadOnlyList<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new LatencyStats(sorted.Average(), sorted[sorted.Length / 2], sorted.Length);
    }

    /// <summary>Median across rounds of each statistic: one disturbed round on a shared machine does not decide.</summary>
    public static LatencyStats MedianOf(IReadOnlyList<LatencyStats> rounds) => new(
        Median(rounds.Select(r => r.MeanMs)),
        Median(rounds.Select(r => r.P50Ms)),
        rounds.Sum(r => r.Iterations));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
