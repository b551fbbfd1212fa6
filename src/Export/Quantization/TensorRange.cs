namespace Mlops.Export.Quantization;

/// <summary>Observed values of one activation: min/max over all calibration images, and a histogram of |x| when
/// asked.</summary>
public sealed class TensorRange
{
    public const int Bins = 2048;

    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double AbsMax => Math.Max(Math.Abs(Min), Math.Abs(Max));
    public long[]? Histogram { get; private set; }

    /// <summary>Upper edge of the histogram (|x| from 0 to this), fixed by the min/max pass.</summary>
    public double HistogramLimit { get; private set; }

    public void Observe(ReadOnlySpan<float> values)
    {
        double min = Min,
            max = Max;
        foreach (var v in values)
        {
            if (v < min)
                min = v;
            if (v > max)
                max = v;
        }
        Min = min;
        Max = max;
    }

    public void StartHistogram()
    {
        Histogram = new long[Bins];
        HistogramLimit = AbsMax;
    }

    public void Accumulate(ReadOnlySpan<float> values)
    {
        var histogram = Histogram ?? throw new InvalidOperationException("StartHistogram first");
        if (HistogramLimit <= 0)
        {
            histogram[0] += values.Length;
            return;
        }
        var perBin = Bins / HistogramLimit;
        foreach (var v in values)
            histogram[Math.Min(Bins - 1, (int)(Math.Abs(v) * perBin))]++;
    }
}
