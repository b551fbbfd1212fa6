using Mlops.Data.Sampling;

namespace Mlops.Data.Augmentation;

/// <summary>
/// Random erasing (Zhong et al. 2017, as torchvision's RandomErasing): a rectangle covering 2–33% of the image
/// with an
/// aspect ratio between 0.3 and 3.3 (drawn log-uniformly) is set to 0 after normalisation, i.e. to the data set's mean.
/// A draw that does not fit the image is retried up to 10 times, then the image is left whole.
/// </summary>
public readonly record struct ErasedArea(int X, int Y, int Width, int Height)
{
    public const double MinAreaShare = 0.02,
        MaxAreaShare = 0.33,
        MinAspect = 0.3,
        MaxAspect = 1 / MinAspect;
    private const int Attempts = 10;
    private static readonly double LogMinAspect = Math.Log(MinAspect),
        LogAspectSpan = Math.Log(MaxAspect) - LogMinAspect;

    public bool IsEmpty => Width == 0;

    public static ErasedArea Draw(SeededRandom random, double probability, int imageWidth, int imageHeight)
    {
        if (random.NextDouble() >= probability)
            return default;
        double area = imageWidth * imageHeight;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            double target = area * (MinAreaShare + (MaxAreaShare - MinAreaShare) * random.NextDouble());
            double aspect = Math.Exp(LogMinAspect + LogAspectSpan * random.NextDouble());
            int height = (int)Math.Round(Math.Sqrt(target * aspect)),
                width = (int)Math.Round(Math.Sqrt(target / aspect));
            if (width < 1 || height < 1 || width >= imageWidth || height >= imageHeight)
                continue;
            return new ErasedArea(
                random.NextInt(imageWidth - width + 1),
                random.NextInt(imageHeight - height + 1),
                width,
                height
            );
        }
        return default;
    }

    /// <summary>Sets the rectangle to 0 in every channel of a CHW image.</summary>
    public void Apply(Span<float> chw, int channels, int imageWidth, int imageHeight)
    {
        if (IsEmpty)
            return;
        int plane = imageWidth * imageHeight;
        for (int ch = 0; ch < channels; ch++)
        for (int y = Y; y < Y + Height; y++)
            chw.Slice(ch * plane + y * imageWidth + X, Width).Clear();
    }
}
