namespace Mlops.Serve.Api;

/// <summary>Top-k over one row of probabilities (softmax: <see cref="Core.Numerics.Logits"/>).</summary>
public static class Probabilities
{
    public static List<LabelScore> TopK(float[] probabilities, IReadOnlyList<string> labels, int k) =>
        probabilities
            .Select((p, i) => new LabelScore(labels[i], i, p))
            .OrderByDescending(s => s.Probability)
            .ThenBy(s => s.Index)
            .Take(k)
            .ToList();
}
