namespace Mlops.Serve.Api;

/// <summary>Softmax and top-k over one output row.</summary>
public static class Probabilities
{
    public static float[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits)
            max = MathF.Max(max, v);
        var result = new float[logits.Length];
        double sum = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            result[i] = MathF.Exp(logits[i] - max);
            sum += result[i];
        }

        for (var i = 0; i < result.Length; i++)
            result[i] = (float)(result[i] / sum);
        return result;
    }

    public static List<LabelScore> TopK(float[] probabilities, IReadOnlyList<string> labels, int k) =>
        probabilities
            .Select((p, i) => new LabelScore(labels[i], i, p))
            .OrderByDescending(s => s.Probability)
            .ThenBy(s => s.Index)
            .Take(k)
            .ToList();
}
