namespace Mlops.Data.Images;

/// <summary>Turns 8-bit HWC pixels into the float CHW layout a model takes: (pixel / 255 - mean[c]) / std[c].</summary>
public static class ChwNormalizer
{
    /// <summary>Writes Channels*Height*Width floats into <paramref name="destination"/>.</summary>
    public static void Write(Image image, ReadOnlySpan<float> mean, ReadOnlySpan<float> std, Span<float> destination)
    {
        if (mean.Length != image.Channels || std.Length != image.Channels)
            throw new ArgumentException(
                $"mean/std need {image.Channels} values (one per channel), got {mean.Length}/{std.Length}"
            );
        int plane = image.Width * image.Height;
        if (destination.Length < plane * image.Channels)
            throw new ArgumentException(
                $"destination holds {destination.Length} floats, need {plane * image.Channels}",
                nameof(destination)
            );
        var src = image.Pixels;
        int c = image.Channels;
        for (int ch = 0; ch < c; ch++)
        {
            var lut = LookupTable(mean[ch], std[ch]);
            var dst = destination.Slice(ch * plane, plane);
            for (int i = 0; i < plane; i++)
                dst[i] = lut[src[i * c + ch]];
        }
    }

    public static float[] ToChw(Image image, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        var result = new float[image.Channels * image.Width * image.Height];
        Write(image, mean, std, result);
        return result;
    }

    /// <summary>The 256 normalised values of one channel: one table lookup per pixel instead of a division.</summary>
    public static float[] LookupTable(float mean, float std)
    {
        if (!(std > 0) || !float.IsFinite(std) || !float.IsFinite(mean))
            throw new ArgumentOutOfRangeException(
                nameof(std),
                $"std must be a positive number, got {std} (mean {mean})"
            );
        var table = new float[256];
        for (int v = 0; v < 256; v++)
            table[v] = (v / 255f - mean) / std;
        return table;
    }
}
