namespace Mlops.Data.Loading;

/// <summary>
/// One batch: images as float NCHW (normalised) and labels as int64, ready to copy into tensors. The buffers are
/// pooled by the loader: a batch is valid until the consumer asks for the next one (or ends the epoch).
/// </summary>
public sealed class Batch
{
    internal Batch(int capacity, int channels, int height, int width)
    {
        Channels = channels;
        Height = height;
        Width = width;
        // Pinned (allocated on the pinned object heap): a tensor may wrap them without copying while the batch is
        // current.
        Images = GC.AllocateArray<float>(capacity * SampleLength, pinned: true);
        Labels = GC.AllocateArray<long>(capacity, pinned: true);
        Indices = new int[capacity];
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int SampleLength => Channels * Height * Width;

    /// <summary>Position of this batch in its epoch (0-based).</summary>
    public int Number { get; internal set; }

    /// <summary>Images in this batch (the last one may be smaller than the batch size).</summary>
    public int Count { get; internal set; }

    /// <summary>Pooled, pinned storage; only the first Count * SampleLength values belong to this batch. Prefer <see
    /// cref="ImageData"/>.</summary>
    public float[] Images { get; }
    public long[] Labels { get; }

    /// <summary>Which data set images these are (indices into the data set), in batch order.</summary>
    public int[] Indices { get; }

    public ReadOnlySpan<float> ImageData => Images.AsSpan(0, Count * SampleLength);
    public ReadOnlySpan<long> LabelData => Labels.AsSpan(0, Count);
    public long[] Shape => [Count, Channels, Height, Width];
}
