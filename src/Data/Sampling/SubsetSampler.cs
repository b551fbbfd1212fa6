using Mlops.Core.Errors;
using Mlops.Data.Datasets;

namespace Mlops.Data.Sampling;

/// <summary>A smaller view for quick runs: the first N images after a seeded shuffle, by default keeping class
/// proportions.</summary>
public static class SubsetSampler
{
    /// <summary>Seed of an evaluation subset (data.test_subset, `mlops eval --subset`): the same images for every run,
    /// checkpoint or ONNX model.</summary>
    public const ulong EvaluationSeed = 0;

    public static DatasetView Take(DatasetView view, int count, ulong seed, bool stratified = true)
    {
        if (count <= 0)
            throw new MlopsException($"subset size must be positive, got {count}", "subset");
        if (count >= view.Count)
            return view;

        var groups = DatasetSplitter.Groups(view, stratified).ToList();
        var quotas = Quotas(groups.Select(g => g.Members.Length).ToArray(), count);
        var chosen = new List<int>(count);
        for (int g = 0; g < groups.Count; g++)
        {
            var members = groups[g].Members;
            SeededRandom.Derive(seed, 0x50B5E7, (ulong)groups[g].Key).Shuffle(members.AsSpan());
            chosen.AddRange(members[..quotas[g]]);
        }
        chosen.Sort();
        return new DatasetView(view.Dataset, chosen.ToArray());
    }

    /// <summary>Largest-remainder apportionment: quotas proportional to sizes, summing exactly to <paramref
    /// name="total"/>.</summary>
    internal static int[] Quotas(int[] sizes, int total)
    {
        long all = sizes.Sum(s => (long)s);
        var quotas = new int[sizes.Length];
        var remainders = new (double Remainder, int Group)[sizes.Length];
        for (int g = 0; g < sizes.Length; g++)
        {
            double exact = (double)sizes[g] * total / all;
            quotas[g] = (int)Math.Floor(exact);
            remainders[g] = (exact - quotas[g], g);
        }
        int left = total - quotas.Sum();
        foreach (var (_, g) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Group))
        {
            if (left == 0)
                break;
            if (quotas[g] < sizes[g])
            {
                quotas[g]++;
                left--;
            }
        }
        return quotas;
    }
}
