namespace Mlops.Data.Images;

/// <summary>
/// Bilinear resize with half-pixel centres. When shrinking, the triangle filter is widened by the scale factor
/// (antialiasing, as PIL and torchvision's antialias=True do) so a large photo shrunk to 32 px does not alias.
/// Separable: a horizontal pass into floats, then a vertical pass rounded back to bytes.
/// </summary>
public static class BilinearResize
{
    public static Image Resize(Image image, int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"target size must be positive, got {width}x{height}");
        if (width == image.Width && height == image.Height)
            return image.Clone();

        int c = image.Channels;
        var horizontal = FilterTaps.For(image.Width, width);
        var vertical = FilterTaps.For(image.Height, height);

        // Horizontal pass: every source row to the target width.
        var rows = new float[image.Height * width * c];
        var src = image.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            int srcRow = y * image.Width * c,
                dstRow = y * width * c;
            for (int x = 0; x < width; x++)
            {
                int start = horizontal.Start[x],
                    taps = horizontal.Count[x],
                    w0 = x * horizontal.MaxTaps;
                for (int ch = 0; ch < c; ch++)
                {
                    float sum = 0;
                    for (int t = 0; t < taps; t++)
                        sum += horizontal.Weights[w0 + t] * src[srcRow + (start + t) * c + ch];
                    rows[dstRow + x * c + ch] = sum;
                }
            }
        }

        // Vertical pass: combine rows, round and clamp to bytes.
        var result = new Image(width, height, c);
        var dst = result.Pixels;
        int rowLength = width * c;
        for (int y = 0; y < height; y++)
        {
            int start = vertical.Start[y],
                taps = vertical.Count[y],
                w0 = y * vertical.MaxTaps;
            int dstRow = y * rowLength;
            for (int i = 0; i < rowLength; i++)
            {
                float sum = 0;
                for (int t = 0; t < taps; t++)
                    sum += vertical.Weights[w0 + t] * rows[(start + t) * rowLength + i];
                dst[dstRow + i] = RoundToByte(sum);
            }
        }
        return result;
    }

    /// <summary>Resizes so the shorter side becomes <paramref name="size"/>, keeping the aspect ratio (torchvision
    /// Resize(int)).</summary>
    public static Image ResizeShorterSide(Image image, int size)
    {
        if (image.Width <= image.Height)
            return Resize(image, size, Math.Max(1, (int)((long)size * image.Height / image.Width)));
        return Resize(image, Math.Max(1, (int)((long)size * image.Width / image.Height)), size);
    }

    private static byte RoundToByte(float value)
    {
        var rounded = MathF.Round(value, MidpointRounding.AwayFromZero);
        return rounded <= 0 ? (byte)0
            : rounded >= 255 ? (byte)255
            : (byte)rounded;
    }

    /// <summary>For each output coordinate: the first source index, how many taps, and their normalised
    /// weights.</summary>
    private sealed class FilterTaps
    {
        public required int[] Start { get; init; }
        public required int[] Count { get; init; }
        public required float[] Weights { get; init; }
        public required int MaxTaps { get; init; }

        public static FilterTaps For(int inSize, int outSize)
        {
            double scale = (double)inSize / outSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = filterScale; // the triangle filter reaches 1 source pixel, widened when shrinking
            int maxTaps = (int)Math.Ceiling(support) * 2 + 1;
            var start = new int[outSize];
            var count = new int[outSize];
            var weights = new float[outSize * maxTaps];
            var scratch = new double[maxTaps];
            for (int i = 0; i < outSize; i++)
            {
                double center = (i + 0.5) * scale;
                int min = Math.Max(0, (int)Math.Floor(center - support + 0.5));
                int max = Math.Min(inSize, (int)Math.Floor(center + support + 0.5));
                int n = Math.Min(max - min, maxTaps);
                double total = 0;
                for (int t = 0; t < n; t++)
                {
                    double distance = (min + t - center + 0.5) / filterScale;
                    double w = Math.Max(0.0, 1.0 - Math.Abs(distance));
                    scratch[t] = w;
                    total += w;
                }
                for (int t = 0; t < n; t++)
                    weights[i * maxTaps + t] = total > 0 ? (float)(scratch[t] / total) : 0f;
                start[i] = min;
                count[i] = n;
            }
            return new FilterTaps
            {
                Start = start,
                Count = count,
                Weights = weights,
                MaxTaps = maxTaps,
            };
        }
    }
}
