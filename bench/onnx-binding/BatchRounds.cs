namespace Mlops.Bench.OnnxBinding;

/// <summary>
/// One batch size's rounds: the p50 of each side's calls in each round. Ratios are taken round by round (both sides
/// ran back to back under the same load) and then their median, so a load change between rounds cancels out.
/// </summary>
internal sealed class BatchRounds(int batch)
{
    private readonly List<double> managed = [];
    private readonly List<double> node = [];
    private readonly List<double> reused = [];

    public int Batch { get; } = batch;
    public int Rounds => managed.Count;
    public double ManagedP50 => Median(managed);
    public double NodeP50 => Median(node);
    public double ReusedP50 => Median(reused);
    public double Ratio => Median(managed.Zip(node, (m, n) => m / n));
    public double ReusedRatio => Median(reused.Zip(node, (r, n) => r / n));
    public double LowestRatio => managed.Zip(node, (m, n) => m / n).Min();
    public double HighestRatio => managed.Zip(node, (m, n) => m / n).Max();

    public void Add(double[] managedCalls, double[] nodeCalls, double[] reusedCalls)
    {
        managed.Add(Median(managedCalls));
        node.Add(Median(nodeCalls));
        reused.Add(Median(reusedCalls));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
