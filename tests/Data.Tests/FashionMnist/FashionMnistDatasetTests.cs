using Mlops.Data.FashionMnist;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.FashionMnist;

public class FashionMnistDatasetTests
{
    [Fact]
    public void Train_split_has_60000_grey_28x28_images_6000_per_class()
    {
        var train = FashionMnistFixture.Train;

        train.Count.Should().Be(60_000);
        (train.Channels, train.Height, train.Width).Should().Be((1, 28, 28));
        train.Name.Should().Be("fashion-mnist:train");
        train.Labels.GroupBy(l => l).Select(g => g.Count()).Should().AllBeEquivalentTo(6000).And.HaveCount(10);
    }

    [Fact]
    public void Test_split_has_10000_images_1000_per_class()
    {
        var test = FashionMnistFixture.Test;

        test.Count.Should().Be(10_000);
        test.Labels.GroupBy(l => l).Select(g => g.Count()).Should().AllBeEquivalentTo(1000).And.HaveCount(10);
    }

    [Fact]
    public void Class_names_are_the_published_ones()
    {
        FashionMnistFixture
            .Train.ClassNames.Should()
            .Equal(
                "T-shirt/top",
                "Trouser",
                "Pullover",
                "Dress",
                "Coat",
                "Sandal",
                "Shirt",
                "Sneaker",
                "Bag",
                "Ankle boot"
            );
    }

    [Fact]
    public void Known_labels_and_pixels_match_an_independent_reading()
    {
        // Values read with Python's gzip + numpy from the same files.
        var train = FashionMnistFixture.Train;
        train.Labels[..10].Should().Equal(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
        Sum(train.ImagePixels(0)).Should().Be(76247);
        train.GetImage(0)[14, 14, 0].Should().Be(217);
        train
            .ImagePixels(0)
            .Slice(10 * 28 + 12, 16)
            .ToArray()
            .Should()
            .Equal(0, 193, 228, 218, 213, 198, 180, 212, 210, 211, 213, 223, 220, 243, 202, 0);
        Sum(train.ImagePixels(59_999)).Should().Be(16684);
        train.Labels[59_999].Should().Be(5);

        var test = FashionMnistFixture.Test;
        test.Labels[..10].Should().Equal(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
        Sum(test.ImagePixels(0)).Should().Be(33456);
        Sum(test.ImagePixels(9_999)).Should().Be(24390);
    }

    private static long Sum(ReadOnlySpan<byte> pixels)
    {
        long sum = 0;
        foreach (var p in pixels)
            sum += p;
        return sum;
    }
}
