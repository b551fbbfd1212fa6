using Mlops.Core.Errors;
using Mlops.Data.Datasets;

namespace Mlops.Data.Normalization;

/// <summary>Per-channel mean and standard deviation of pixel values scaled to [0, 1] (what Normalize(mean, std)
/// takes).</summary>
public sealed record ChannelStats(float[] Mean, float[] Std)
{
    public int Channels => Mean.Length;

    /// <summary>Checks one positive finite std and a finite mean per channel; <paramref name="where"/> names the config
    /// key.</summary>
    public ChannelStats Validated(int channels, string where = "normalize")
    {
        if (Mean.Length != channels || Std.Length != channels)
            throw new MlopsException(
                $"normalisation needs {channels} mean and std values (one per channel), got {Mean.Length} and "
                    + $"{Std.Length}",
                where
            );
        for (int c = 0; c < channels; c++)
        {
            if (!float.IsFinite(Mean[c]))
                throw new MlopsException($"mean[{c}] must be a number, got {Mean[c]}", where);
            if (!(Std[c] > 0) || !float.IsFinite(Std[c]))
                throw new MlopsException($"std[{c}] must be positive, got {Std[c]}", where);
        }
        return this;
    }

    /// <summary>Exact statistics over every pixel of the view (integer sums, so the order of summation does not
    /// matter).</summary>
    public static ChannelStats Compute(DatasetView view)
    {
        var dataset = view.Dataset;
        int c = dataset.Channels;
        if (view.Count == 0)
            throw new MlopsException("cannot compute normalisation statistics of an empty data set", dataset.Name);
        // A histogram per channel: one increment per pixel, sums and squares derived from 256 bins at the end.
        var histogram = new long[c * 256];
        var gate = new object();
        ParallelWork.For(
            0,
            view.Count,
            () => new long[c * 256],
            (position, local) =>
            {
                var pixels = dataset.ImagePixels(view.Indices[position]);
                if (c == 1)
                    foreach (var v in pixels)
                        local[v]++;
                else
                    for (int i = 0; i < pixels.Length; i++)
                        local[(i % c) * 256 + pixels[i]]++;
                return local;
            },
            local =>
            {
                lock (gate)
                    for (int i = 0; i < histogram.Length; i++)
                        histogram[i] += local[i];
            }
        );
        var sums = new long[c];
        var squares = new long[c];
        for (int ch = 0; ch < c; ch++)
        for (int v = 0; v < 256; v++)
        {
            sums[ch] += histogram[ch * 256 + v] * v;
            squares[ch] += histogram[ch * 256 + v] * v * v;
        }

        double n = (double)view.Count * dataset.Height * dataset.Width;
        var mean = new float[c];
        var std = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            double m = sums[ch] / n;
            double variance = Math.Max(0, squares[ch] / n - m * m);
            mean[ch] = (float)(m / 255);
            // A constant channel would divide by zero; 1 keeps it finite and centred.
            std[ch] = variance > 0 ? (float)(Math.Sqrt(variance) / 255) : 1f;
        }
        return new ChannelStats(mean, std);
    }
}
