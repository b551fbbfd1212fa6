using Mlops.Data.Datasets;
using Mlops.Data.FashionMnist;

namespace Mlops.Data.Tests.Support;

/// <summary>The real Fashion-MNIST files, decoded once per test run (they take a second to gunzip).</summary>
public static class FashionMnistFixture
{
    private static readonly Lazy<ImageDataset> TrainSet = new(() => FashionMnistDataset.Load(FashionMnistSplit.Train));
    private static readonly Lazy<ImageDataset> TestSet = new(() => FashionMnistDataset.Load(FashionMnistSplit.Test));

    public static ImageDataset Train => TrainSet.Value;
    public static ImageDataset Test => TestSet.Value;
}
