using Mlops.Core.Errors;
using Mlops.Data.Datasets;
using Mlops.Data.Normalization;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Datasets;

public class NormalizationTests
{
    [Fact]
    public void Fashion_mnist_training_statistics_match_the_known_values()
    {
        // Computed independently with numpy over all 60,000 images: mean 0.28604, std 0.35302.
        var stats = ChannelStats.Compute(DatasetView.All(FashionMnistFixture.Train));

        stats.Mean[0].Should().BeApproximately(0.2860406f, 1e-6f);
        stats.Std[0].Should().BeApproximately(0.3530242f, 1e-6f);
    }

    [Fact]
    public void Statistics_are_per_channel_and_over_the_view_only()
    {
        var pixels = new byte[]
        {
            0,
            100,
            200,
            255,
            100,
            0, /* image 1 */
            9,
            9,
            9,
            9,
            9,
            9,
        };
        var set = new ImageDataset("t", ["a"], 3, 1, 2, pixels, [0, 0], "c");

        var stats = ChannelStats.Compute(new DatasetView(set, [0]));

        stats.Mean.Should().Equal(new[] { 127.5f / 255, 100f / 255, 100f / 255 }, (a, b) => Math.Abs(a - b) < 1e-6);
        stats.Std[0].Should().BeApproximately(127.5f / 255, 1e-6f);
        stats.Std[1].Should().Be(1f); // constant channel: std 1 rather than a division by zero
        stats.Std[2].Should().BeApproximately(100f / 255, 1e-6f);
    }

    [Fact]
    public void Given_statistics_are_checked()
    {
        FluentActions
            .Invoking(() => new ChannelStats([0.5f], [0f]).Validated(1, "data.normalize.std"))
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == "data.normalize.std");
        FluentActions
            .Invoking(() => new ChannelStats([0.5f], [0.2f]).Validated(3))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("*3 mean and std values*");
    }
}
