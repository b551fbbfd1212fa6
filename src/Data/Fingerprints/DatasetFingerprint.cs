using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mlops.Data.Datasets;
using Mlops.Data.FashionMnist;
using Mlops.Data.ImageFolder;

namespace Mlops.Data.Fingerprints;

/// <summary>
/// What a run was trained on. <see cref="ContentSha256"/> identifies the files (changes when one pixel changes);
/// <see cref="ViewSha256"/> also covers how they were cut (split, subset, seed, size), described in <see cref="View"/>.
/// </summary>
public sealed record DatasetFingerprint(string Dataset, string ContentSha256, string ViewSha256, string View)
{
    /// <param name="parameters">The view's parameters; order does not matter (sorted by key), values are
    /// invariant-culture text.</param>
    public static DatasetFingerprint Create(
        string dataset,
        string contentSha256,
        IEnumerable<KeyValuePair<string, object?>> parameters
    )
    {
        var view = string.Join(
            ";",
            parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Format(p.Value)}")
        );
        var viewSha = Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{contentSha256}\n{dataset}\n{view}"))
        );
        return new DatasetFingerprint(dataset, contentSha256, viewSha, view);
    }

    /// <summary>The content hash of a data set without decoding it (same value as <see
    /// cref="ImageDataset.ContentSha256"/>).</summary>
    /// <param name="rootGivenAt">Where the data's root was given; a missing image folder or IDX file is reported
    /// there.</param>
    public static string ContentOf(DatasetSpec spec, string? fashionMnistRoot = null, string? rootGivenAt = null)
    {
        if (spec.Kind == DatasetKind.ImageFolder)
            return ImageFolderDataset.ContentHash(spec.Path!, rootGivenAt);
        var (images, labels) = FashionMnistDataset.RequireFiles(
            fashionMnistRoot ?? FashionMnistDataset.DefaultRoot,
            spec.Split,
            rootGivenAt
        );
        return FashionMnistDataset.ContentHash(
            images,
            FileHashCache.Sha256(images),
            labels,
            FileHashCache.Sha256(labels)
        );
    }

    private static string Format(object? value) =>
        value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            float[] values => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
}
