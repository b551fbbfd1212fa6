using Mlops.Data.Images;

namespace Mlops.Data.Datasets;

/// <summary>
/// A labelled image data set held in memory as 8-bit pixels: every image the same size, HWC, one after another.
/// Bytes rather than floats: 4x less memory, and normalisation happens per batch in the loader.
/// </summary>
public sealed class ImageDataset
{
    public ImageDataset(
        string name,
        IReadOnlyList<string> classNames,
        int channels,
        int height,
        int width,
        byte[] pixels,
        int[] labels,
        string contentSha256
    )
    {
        if (channels is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(channels));
        if (height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(height));
        long imageBytes = (long)channels * height * width;
        if (pixels.LongLength != imageBytes * labels.Length)
            throw new ArgumentException(
                $"{labels.Length} images of {width}x{height}x{channels} need {imageBytes * labels.Length} bytes, got "
                    + $"{pixels.LongLength}"
            );
        foreach (var label in labels)
            if (label < 0 || label >= classNames.Count)
                throw new ArgumentException($"label {label} outside 0..{classNames.Count - 1}");
        Name = name;
        ClassNames = classNames;
        Channels = channels;
        Height = height;
        Width = width;
        Pixels = pixels;
        Labels = labels;
        ContentSha256 = contentSha256;
    }

    /// <summary>What it was loaded from, e.g. "fashion-mnist:train".</summary>
    public string Name { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>All images, HWC each, image i at i * ImageLength.</summary>
    public byte[] Pixels { get; }
    public int[] Labels { get; }

    /// <summary>sha256 (hex) of the source files' content: the data set's identity, independent of how it is
    /// viewed.</summary>
    public string ContentSha256 { get; }

    public int Count => Labels.Length;
    public int ImageLength => Channels * Height * Width;

    public ReadOnlySpan<byte> ImagePixels(int index) => Pixels.AsSpan(index * ImageLength, ImageLength);

    public Image GetImage(int index) => new(Width, Height, Channels, ImagePixels(index).ToArray());

    /// <summary>The same data set with every image passed through <paramref name="transform"/> (all results must share
    /// one size).</summary>
    public ImageDataset Map(Func<Image, Image> transform, string? name = null)
    {
        if (Count == 0)
            return this;
        var first = transform(GetImage(0));
        var pixels = new byte[(long)first.Pixels.Length * Count];
        first.Pixels.CopyTo(pixels, 0);
        ParallelWork.For(1, Count, i =>
        {
            var mapped = transform(GetImage(i));
            if (mapped.Width != first.Width || mapped.Height != first.Height || mapped.Channels != first.Channels)
                throw new InvalidOperationException($"transform gave {mapped} for image {i} but {first} for image 0");
            mapped.Pixels.CopyTo(pixels, (long)i * mapped.Pixels.Length);
        });
        return new ImageDataset(
            name ?? Name,
            ClassNames,
            first.Channels,
            first.Height,
            first.Width,
            pixels,
            Labels,
            ContentSha256
        );
    }
}
