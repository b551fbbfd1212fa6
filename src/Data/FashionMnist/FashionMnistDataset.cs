using System.Security.Cryptography;
using System.Text;
using Mlops.Core.Errors;
using Mlops.Data.Datasets;

namespace Mlops.Data.FashionMnist;

public enum FashionMnistSplit
{
    Train,
    Test,
}

/// <summary>Fashion-MNIST (Zalando): 28x28 grey clothes, 10 classes; train 60,000 and test ("t10k") 10,000
/// images.</summary>
public static class FashionMnistDataset
{
    /// <summary>Where the Debian package dataset-fashion-mnist installs the files.</summary>
    public const string DefaultRoot = "/usr/share/datasets/fashion-mnist";
    public const int ImageSize = 28;

    public static IReadOnlyList<string> ClassNames { get; } =
    ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The two files of a split, images then labels.</summary>
    public static (string Images, string Labels) Files(string root, FashionMnistSplit split)
    {
        var prefix = split == FashionMnistSplit.Train ? "train" : "t10k";
        return (
            Path.Combine(root, $"{prefix}-images-idx3-ubyte.gz"),
            Path.Combine(root, $"{prefix}-labels-idx1-ubyte.gz")
        );
    }

    /// <summary>What to do when a file is missing; the IDX reader and the root checks say the same.</summary>
    internal const string MissingFileHint =
        "for Fashion-MNIST install the Debian package dataset-fashion-mnist, or point data.root at a folder holding "
        + "the IDX files";

    /// <summary>
    /// The two files of a split. When the root was named somewhere (a config line, an option) a missing file is
    /// reported
    /// there, naming the file; otherwise reading it reports the file itself.
    /// </summary>
    public static (string Images, string Labels) RequireFiles(string root, FashionMnistSplit split, string? rootGivenAt)
    {
        var files = Files(root, split);
        if (rootGivenAt is not null)
            foreach (var path in new[] { files.Images, files.Labels })
                if (!File.Exists(path))
                    throw new MlopsException($"data file '{path}' not found ({MissingFileHint})", rootGivenAt);
        return files;
    }

    /// <param name="rootGivenAt">Where the root was given ("configs/x.yaml:7 (data.root)"); a missing file is reported
    /// there.</param>
    public static ImageDataset Load(FashionMnistSplit split, string? root = null, string? rootGivenAt = null)
    {
        root ??= DefaultRoot;
        var (imagesPath, labelsPath) = RequireFiles(root, split, rootGivenAt);
        IdxFile images = null!,
            labels = null!;
        // The two files are independent: decompress them side by side.
        ParallelWork.Invoke(() => images = IdxFile.Read(imagesPath, 3), () => labels = IdxFile.Read(labelsPath, 1));

        if (images.Dimensions[1] != ImageSize || images.Dimensions[2] != ImageSize)
            throw new MlopsException(
                $"images are {images.Dimensions[1]}x{images.Dimensions[2]}, Fashion-MNIST images are "
                    + $"{ImageSize}x{ImageSize}",
                imagesPath
            );
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new MlopsException(
                $"{images.Dimensions[0]} images but {labels.Dimensions[0]} labels in {Path.GetFileName(labelsPath)}",
                imagesPath
            );

        var labelValues = new int[labels.Data.Length];
        for (int i = 0; i < labelValues.Length; i++)
        {
            labelValues[i] = labels.Data[i];
            if (labelValues[i] >= ClassNames.Count)
                throw new MlopsException($"label {labelValues[i]} at index {i} is outside 0..9", labelsPath);
        }

        var name = $"fashion-mnist:{(split == FashionMnistSplit.Train ? "train" : "test")}";
        return new ImageDataset(
            name,
            ClassNames,
            1,
            ImageSize,
            ImageSize,
            images.Data,
            labelValues,
            ContentHash(imagesPath, images.FileSha256, labelsPath, labels.FileSha256)
        );
    }

    /// <summary>The data set's identity: file names and the sha256 of each file's stored bytes.</summary>
    internal static string ContentHash(string imagesPath, string imagesSha, string labelsPath, string labelsSha)
    {
        var text = $"{Path.GetFileName(imagesPath)}\n{imagesSha}\n{Path.GetFileName(labelsPath)}\n{labelsSha}\n";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
