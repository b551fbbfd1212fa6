namespace Mlops.Data.Drift;

/// <summary>The two-sample tests the drift report uses: Kolmogorov–Smirnov and the population stability
/// index.</summary>
public static class DriftStatistics
{
    /// <summary>KS statistic D (largest gap between the two empirical CDFs) and its asymptotic p-value.</summary>
    public static (double D, double PValue) KolmogorovSmirnov(
        IReadOnlyList<double> reference,
        IReadOnlyList<double> current
    )
    {
        if (reference.Count == 0 || current.Count == 0)
            throw new ArgumentException("both samples need values");
        var a = reference.Order().ToArray();
        var b = current.Order().ToArray();
        int i = 0,
            j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
                i++;
            while (j < b.Length && b[j] <= x)
                j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }

        var n = (double)a.Length * b.Length / (a.Length + b.Length);
        var lambda = (Math.Sqrt(n) + 0.12 + 0.11 / Math.Sqrt(n)) * d;
        return (d, KolmogorovQ(lambda));
    }

    /// <summary>Q(λ) = 2 Σ (-1)^(k-1) exp(-2 k² λ²): the probability of a gap this large between samples of one
    /// distribution.</summary>
    private static double KolmogorovQ(double lambda)
    {
        if (lambda < 0.2)
            return 1;
        double sum = 0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-12)
                break;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>PSI over <paramref name="bins"/> bins cut at the reference's quantiles: Σ (c - r) ln(c / r).</summary>
    public static double PopulationStability(
        IReadOnlyList<double> reference,
        IReadOnlyList<double> current,
        int bins = 10
    )
    {
        var sorted = reference.Order().ToArray();
        var edges = Enumerable
            .Range(1, bins - 1)
            .Select(k => sorted[(int)((long)k * (sorted.Length - 1) / bins)])
            .Distinct()
            .ToArray();
        return Psi(Proportions(reference, edges), Proportions(current, edges));
    }

    /// <summary>PSI between two categorical distributions given as counts per category.</summary>
    public static double PopulationStability(IReadOnlyList<int> referenceCounts, IReadOnlyList<int> currentCounts)
    {
        double r = referenceCounts.Sum(),
            c = currentCounts.Sum();
        return Psi(referenceCounts.Select(x => x / r).ToArray(), currentCounts.Select(x => x / c).ToArray());
    }

    private static double[] Proportions(IReadOnlyList<double> values, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        foreach (var v in values)
        {
            var bin = Array.BinarySearch(edges, v);
            counts[bin >= 0 ? bin : ~bin]++;
        }

        return counts.Select(x => x / values.Count).ToArray();
    }

    private static double Psi(double[] reference, double[] current)
    {
        const double floor = 1e-4; // an empty bin would make the log infinite
        double psi = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var r = Math.Max(reference[i], floor);
            var c = Math.Max(current[i], floor);
            psi += (c - r) * Math.Log(c / r);
        }

        return psi;
    }
}
