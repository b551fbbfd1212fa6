using Mlops.Data.FashionMnist;
using Mlops.Data.ImageFolder;

namespace Mlops.Data.Datasets;

/// <summary>Loads the data set a <see cref="DatasetSpec"/> names.</summary>
public static class DatasetSource
{
    /// <param name="fashionMnistRoot">Folder holding the Fashion-MNIST IDX files; null for the Debian
    /// package's.</param>
    public static ImageDataset Load(
        DatasetSpec spec,
        ImageFolderOptions? imageFolder = null,
        string? fashionMnistRoot = null
    ) =>
        spec.Kind switch
        {
            DatasetKind.FashionMnist => FashionMnistDataset.Load(spec.Split, fashionMnistRoot),
            _ => ImageFolderDataset.Load(spec.Path!, imageFolder),
        };
}
