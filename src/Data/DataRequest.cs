using Mlops.Data.Datasets;
using Mlops.Data.Images;
using Mlops.Data.Normalization;

namespace Mlops.Data;

/// <summary>Everything that decides which images a run sees (the `data:` section of a config, in typed form).</summary>
public sealed record DataRequest
{
    public required DatasetSpec Spec { get; init; }

    /// <summary>Folder of the Fashion-MNIST IDX files; null for /usr/share/datasets/fashion-mnist.</summary>
    public string? FashionMnistRoot { get; init; }

    /// <summary>Square input size; null keeps the data set's (Fashion-MNIST 28, ImageFolder requires equal
    /// sizes).</summary>
    public int? ImageSize { get; init; }
    public SizeMode SizeMode { get; init; } = SizeMode.Resize;

    /// <summary>1 or 3; null keeps Fashion-MNIST grey and makes ImageFolder RGB.</summary>
    public int? Channels { get; init; }

    /// <summary>Share held out for validation (0 = none).</summary>
    public double ValFraction { get; init; }
    public bool Stratified { get; init; } = true;

    /// <summary>Training images kept (seeded, per class) for quick runs; null keeps all.</summary>
    public int? Subset { get; init; }

    /// <summary>Validation images kept; null keeps all.</summary>
    public int? ValSubset { get; init; }
    public ulong Seed { get; init; }

    /// <summary>Given statistics (e.g. the training run's, for evaluation); null computes them on the training
    /// part.</summary>
    public ChannelStats? Normalize { get; init; }
    public long MaxPixels { get; init; } = ImageDecoder.DefaultMaxPixels;

    /// <summary>
    /// Where the image folder's or Fashion-MNIST's root was given ("configs/x.yaml:7 (data.root)", "--data"): a root
    /// that does not exist, or a missing IDX file, is reported there, naming the path; null reports it at the path
    /// itself.
    /// </summary>
    public string? RootGivenAt { get; init; }
}
