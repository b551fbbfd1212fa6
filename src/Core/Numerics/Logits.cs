namespace Mlops.Core.Numerics;

/// <summary>
/// A classifier's output row: its top class, its probabilities, its loss. One implementation for every stage that
/// reads logits (serving, the offline answer the smoke stage compares with, the drift reference, ONNX evaluation), so
/// a probability means the same number everywhere.
/// </summary>
public static class Logits
{
    /// <summary>The index of the first largest value (argmax's choice on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var j = 1; j < row.Length; j++)
            if (row[j] > row[best])
                best = j;
        return best;
    }

    /// <summary>Probabilities from logits, shifted by the largest so that no exponential overflows.</summary>
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

    /// <summary>Cross-entropy of the row against <paramref name="label"/> (natural log), computed stably.</summary>
    public static double CrossEntropy(ReadOnlySpan<float> row, int label)
    {
        double max = row[ArgMax(row)],
            sum = 0;
        foreach (var v in row)
            sum += Math.Exp(v - max);
        return Math.Log(sum) + max - row[label];
    }
}
