using Mlops.Data.Datasets;
using Mlops.Data.Images;
using Mlops.Data.Normalization;
using Mlops.Data.Sampling;

namespace Mlops.Data.Augmentation;

/// <summary>
/// Writes one image into a batch slot in one pass: random crop (over a zero border) and flip, then normalisation
/// through per-channel lookup tables, then random erasing. Randomness comes from (seed, epoch, image index) only, never
/// from timing or
/// batch position, so the same seed gives the same pixels whatever the thread or batch size.
/// </summary>
public sealed class SampleWriter
{
    private readonly ImageDataset _dataset;
    private readonly AugmentOptions _augment;
    private readonly float[][] _tables;
    private readonly float[] _zero;
    private readonly ulong _seed;

    public SampleWriter(ImageDataset dataset, ChannelStats normalization, AugmentOptions augment, ulong seed)
    {
        normalization.Validated(dataset.Channels);
        if (augment.RandomCropPadding < 0)
            throw new ArgumentOutOfRangeException(nameof(augment), "random crop padding cannot be negative");
        if (augment.RandomErasing is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(augment), "random erasing is a probability, between 0 and 1");
        _dataset = dataset;
        _augment = augment;
        _seed = seed;
        _tables = Enumerable
            .Range(0, dataset.Channels)
            .Select(c => ChwNormalizer.LookupTable(normalization.Mean[c], normalization.Std[c]))
            .ToArray();
        _zero = _tables.Select(t => t[0]).ToArray();
    }

    public int SampleLength => _dataset.ImageLength;

    /// <summary>The crop offset (each in 0..2*padding) and flip chosen for an image in an epoch.</summary>
    public (int Dx, int Dy, bool Flip) Choice(int epoch, int index)
    {
        if (_augment.IsNone)
            return (_augment.RandomCropPadding, _augment.RandomCropPadding, false);
        var random = SeededRandom.Derive(_seed, 0xA06, (ulong)epoch, (ulong)index);
        int span = 2 * _augment.RandomCropPadding + 1;
        int dx = random.NextInt(span),
            dy = random.NextInt(span);
        bool flip = _augment.HorizontalFlip && random.NextBool();
        return (dx, dy, flip);
    }

    /// <summary>
    /// The rectangle erased from an image in an epoch (empty when none). Drawn from its own stream, so turning
    /// erasing on leaves every crop and flip of a seed as it was.
    /// </summary>
    public ErasedArea Erased(int epoch, int index) =>
        _augment.RandomErasing == 0
            ? default
            : ErasedArea.Draw(
                SeededRandom.Derive(_seed, 0xE7A5E, (ulong)epoch, (ulong)index),
                _augment.RandomErasing,
                _dataset.Width,
                _dataset.Height
            );

    /// <param name="augment">False for evaluation: the image as it is, only normalised.</param>
    public void Write(int index, int epoch, bool augment, Span<float> destination)
    {
        int w = _dataset.Width,
            h = _dataset.Height,
            c = _dataset.Channels,
            plane = w * h;
        var pixels = _dataset.ImagePixels(index);
        int pad = _augment.RandomCropPadding;
        var (dx, dy, flip) = augment ? Choice(epoch, index) : (pad, pad, false);
        // Output pixel (x, y) reads padded pixel (x + dx, y + dy) = source (x + dx - pad, y + dy - pad), mirrored if
        // flipped.
        int offsetX = dx - pad,
            offsetY = dy - pad;
        for (int ch = 0; ch < c; ch++)
        {
            var table = _tables[ch];
            float zero = _zero[ch];
            var dst = destination.Slice(ch * plane, plane);
            for (int y = 0; y < h; y++)
            {
                int sy = y + offsetY;
                var row = dst.Slice(y * w, w);
                if ((uint)sy >= (uint)h)
                {
                    row.Fill(zero);
                    continue;
                }
                int srcRow = sy * w;
                for (int x = 0; x < w; x++)
                {
                    int sx = (flip ? w - 1 - x : x) + offsetX;
                    row[x] = (uint)sx < (uint)w ? table[pixels[(srcRow + sx) * c + ch]] : zero;
                }
            }
        }
        if (augment)
            Erased(epoch, index).Apply(destination, c, w, h);
    }
}
