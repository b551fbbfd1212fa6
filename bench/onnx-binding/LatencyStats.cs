namespace Mlops.Bench.OnnxBinding;

/// <summary>Mean and median of a series of per-call latencies, in milliseconds.</summary>
internal sealed record LatencyStats(double MeanMs, double P50Ms, int Calls)
{
    public static LatencyStats From(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new LatencyStats(sorted.Average(), sorted[sorted.Length / 2], sorted.Length);
    }
}
