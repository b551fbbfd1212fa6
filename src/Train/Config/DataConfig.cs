using System.ComponentModel.DataAnnotations;
using Mlops.Core.Config;

namespace Mlops.Train.Config;

public enum DatasetKind
{
    [ConfigName("fashion-mnist")]
    FashionMnist,

    [ConfigName("imagefolder")]
    ImageFolder,
}

public sealed class DataConfig : IValidatedConfig
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the files.</summary>
    public const string FashionMnistDefaultRoot = "/usr/share/datasets/fashion-mnist";

    public DatasetKind Dataset { get; init; } = DatasetKind.FashionMnist;

    /// <summary>Data folder; for fashion-mnist it defaults to <see cref="FashionMnistDefaultRoot"/>.</summary>
    public string? Root { get; init; }

    [Range(8, 4096)]
    public int ImageSize { get; init; } = 28;

    /// <summary>Share of the training set held out for validation (deterministic split by seed).</summary>
    [Range(0.0, 0.9)]
    public double ValFraction { get; init; } = 0.1;

    /// <summary>Use only this many training images (quick runs); null for all.</summary>
    [Range(1, int.MaxValue)]
    public int? Subset { get; init; }

    /// <summary>Evaluate on only this many test images; null for all.</summary>
    [Range(1, int.MaxValue)]
    public int? TestSubset { get; init; }

    public AugmentConfig Augment { get; init; } = new();

    public NormalizeConfig Normalize { get; init; } = new();

    /// <summary>Batches prepared ahead on a background thread.</summary>
    [Range(0, 64)]
    public int PrefetchBatches { get; init; } = 2;

    /// <summary>The folder to read: <see cref="Root"/>, or the default location of the data set.</summary>
    public string ResolvedRoot => Root ?? (Dataset == DatasetKind.FashionMnist ? FashionMnistDefaultRoot : "");

    public IEnumerable<ConfigIssue> Validate()
    {
        if (Dataset == DatasetKind.ImageFolder && string.IsNullOrWhiteSpace(Root))
            yield return new ConfigIssue("root", "imagefolder needs data.root: a folder with one sub-folder per class");
    }
}

public sealed class AugmentConfig
{
    /// <summary>Pad each side by this many pixels, then crop back at a random place; 0 disables.</summary>
    [Range(0, 64)]
    public int RandomCropPadding { get; init; }

    public bool HorizontalFlip { get; init; }

    /// <summary>Probability of blanking a random rectangle (2–33% of the image) to the mean; 0 disables (torchvision
    /// uses 0.5).</summary>
    [Range(0.0, 1.0)]
    public double RandomErasing { get; init; }
}

/// <summary>`normalize: auto` (mean/std measured on the training split) or explicit per-channel values.</summary>
public sealed class NormalizeConfig : IConfigScalarForm, IValidatedConfig
{
    public const string AutoWord = "auto";

    public List<double>? Mean { get; init; }
    public List<double>? Std { get; init; }

    public bool IsAuto => Mean is null && Std is null;

    public string? ReadScalar(string text) => text == AutoWord ? null : $"'{AutoWord}' or a mapping with mean and std";

    public string? AsScalar() => IsAuto ? AutoWord : null;

    public IEnumerable<ConfigIssue> Validate()
    {
        if (IsAuto)
            yield break;
        if (Mean is null || Std is null)
            yield return new ConfigIssue(
                Mean is null ? "mean" : "std",
                "give both mean and std, or write normalize: auto"
            );
        else if (Mean.Count != Std.Count)
            yield return new ConfigIssue("std", $"has {Std.Count} values but mean has {Mean.Count}");
        else if (Std.Any(value => value <= 0))
            yield return new ConfigIssue("std", "every std must be greater than 0");
    }
}
