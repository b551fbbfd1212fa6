using Mlops.Core.Errors;
using Mlops.Data.FashionMnist;

namespace Mlops.Data.Datasets;

public enum DatasetKind
{
    FashionMnist,
    ImageFolder,
}

/// <summary>
/// The data set string users type: <c>fashion-mnist:train</c>, <c>fashion-mnist:test</c> or
/// <c>imagefolder:/path/to/root</c>.
/// </summary>
public sealed record DatasetSpec(DatasetKind Kind, FashionMnistSplit Split, string? Path)
{
    public const string ValidForms = "fashion-mnist:train, fashion-mnist:test, imagefolder:/path/to/root";

    public static DatasetSpec FashionMnist(FashionMnistSplit split) => new(DatasetKind.FashionMnist, split, null);

    public static DatasetSpec ImageFolder(string root) => new(DatasetKind.ImageFolder, FashionMnistSplit.Train, root);

    /// <param name="where">Where the string came from (a config key, a command-line option), for the error.</param>
    public static DatasetSpec Parse(string text, string where = "dataset")
    {
        var trimmed = text?.Trim() ?? "";
        int colon = trimmed.IndexOf(':');
        var kind = colon < 0 ? trimmed : trimmed[..colon];
        var rest = colon < 0 ? null : trimmed[(colon + 1)..];
        switch (kind.ToLowerInvariant())
        {
            case "fashion-mnist" or "fashion_mnist" or "fashionmnist":
                return rest?.ToLowerInvariant() switch
                {
                    "train" => FashionMnist(FashionMnistSplit.Train),
                    "test" or "t10k" => FashionMnist(FashionMnistSplit.Test),
                    _ => throw Invalid(trimmed, where, "fashion-mnist needs a split: ':train' or ':test'"),
                };
            case "imagefolder" or "image-folder":
                if (string.IsNullOrWhiteSpace(rest))
                    throw Invalid(trimmed, where, "imagefolder needs a root folder after the colon");
                return ImageFolder(rest);
            default:
                throw Invalid(trimmed, where, $"unknown data set kind '{kind}'");
        }
    }

    public override string ToString() =>
        Kind switch
        {
            DatasetKind.FashionMnist => $"fashion-mnist:{(Split == FashionMnistSplit.Train ? "train" : "test")}",
            _ => $"imagefolder:{Path}",
        };

    private static MlopsException Invalid(string text, string where, string problem) =>
        new($"invalid data set '{text}': {problem}. Valid forms: {ValidForms}", where);
}
