using Mlops.Core.Artifacts;

namespace Mlops.Data.Images;

/// <summary>
/// Statistics of one input as the model sees it (after resize/crop, intensities back on the 0..1 scale,
/// channels averaged): brightness mean and spread, histogram entropy (bits, 32 bins) and edge density
/// (share of pixels whose gradient |dx|+|dy| exceeds 0.2). Cheap enough to compute on every request.
/// </summary>
public sealed record ImageFeatures(double Mean, double Std, double Entropy, double EdgeDensity)
{
    public const int HistogramBins = 32;
    public const double EdgeThreshold = 0.2;

    public static readonly string[] Names = ["mean", "std", "entropy", "edge_density"];

    public double this[string name] =>
        name switch
        {
            "mean" => Mean,
            "std" => Std,
            "entropy" => Entropy,
            "edge_density" => EdgeDensity,
            _ => throw new ArgumentOutOfRangeException(nameof(name), $"unknown feature '{name}'"),
        };

    /// <summary>The features a drift record carries.</summary>
    public static ImageFeatures Of(DriftRecord record) =>
        new(record.Mean, record.Std, record.Entropy, record.EdgeDensity);

    /// <summary>The one way a drift record is made: these features, and what the model answered for them.</summary>
    /// <param name="input">The input's name (offline prediction, the training reference); null for a
    /// request.</param>
    public DriftRecord ToDriftRecord(
        string model,
        string version,
        int prediction,
        string label,
        double confidence,
        string? input = null,
        DateTimeOffset? time = null
    ) =>
        new()
        {
            Time = time ?? DateTimeOffset.UtcNow,
            Model = model,
            Version = version,
            Input = input,
            Mean = Mean,
            Std = Std,
            Entropy = Entropy,
            EdgeDensity = EdgeDensity,
            Prediction = prediction,
            Label = label,
            Confidence = confidence,
        };

    /// <summary>From a normalised CHW tensor: undoes (x - mean) / std per channel, then measures.</summary>
    public static ImageFeatures FromTensor(
        ReadOnlySpan<float> chw,
        int channels,
        int height,
        int width,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> std
    )
    {
        var plane = height * width;
        var intensity = new double[plane];
        for (var c = 0; c < channels; c++)
        {
            var channel = chw.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++)
                intensity[i] += Math.Clamp(channel[i] * std[c] + mean[c], 0, 1) / channels;
        }

        return FromIntensity(intensity, height, width);
    }

    /// <summary>From 0..1 intensities laid out row by row.</summary>
    public static ImageFeatures FromIntensity(ReadOnlySpan<double> intensity, int height, int width)
    {
        var n = intensity.Length;
        double sum = 0,
            squares = 0;
        Span<int> histogram = stackalloc int[HistogramBins];
        foreach (var v in intensity)
        {
            sum += v;
            squares += v * v;
            histogram[Math.Min(HistogramBins - 1, (int)(v * HistogramBins))]++;
        }

        var mean = sum / n;
        var std = Math.Sqrt(Math.Max(0, squares / n - mean * mean));
        double entropy = 0;
        foreach (var count in histogram)
        {
            if (count == 0)
                continue;
            var p = (double)count / n;
            entropy -= p * Math.Log2(p);
        }

        var edges = 0;
        for (var y = 0; y < height - 1; y++)
        for (var x = 0; x < width - 1; x++)
        {
            var here = intensity[y * width + x];
            var gradient =
                Math.Abs(intensity[y * width + x + 1] - here) + Math.Abs(intensity[(y + 1) * width + x] - here);
            if (gradient > EdgeThreshold)
                edges++;
        }

        var inner = Math.Max(1, (height - 1) * (width - 1));
        return new ImageFeatures(mean, std, entropy, (double)edges / inner);
    }
}
