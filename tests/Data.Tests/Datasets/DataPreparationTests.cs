using Mlops.Data.Datasets;
using Mlops.Data.FashionMnist;
using Mlops.Data.Normalization;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Datasets;

public class DataPreparationTests
{
    [Fact]
    public void Quick_run_request_gives_a_padded_stratified_subset_with_a_fixed_validation_part()
    {
        var request = new DataRequest
        {
            Spec = DatasetSpec.Parse("fashion-mnist:test"),
            ImageSize = 32,
            SizeMode = SizeMode.Pad,
            ValFraction = 0.2,
            Subset = 500,
            Seed = 3,
        };

        var data = DataPreparation.Prepare(request);
        var bigger = DataPreparation.Prepare(request with { Subset = 1000 });

        (data.Dataset.Height, data.Dataset.Width).Should().Be((32, 32));
        data.Dataset.ImagePixels(0)[0].Should().Be(0); // the zero border
        data.Dataset.GetImage(0)[16, 16, 0].Should().Be(FashionMnistFixture.Test.GetImage(0)[14, 14, 0]);
        data.Train.Count.Should().Be(500);
        data.Train.ClassCounts().Should().AllBeEquivalentTo(50);
        data.Validation.Count.Should().Be(2000);
        data.Validation.Indices.Should().Equal(bigger.Validation.Indices);
        data.Train.Indices.Should().NotIntersectWith(data.Validation.Indices);
        data.Fingerprint.ContentSha256.Should().Be(FashionMnistFixture.Test.ContentSha256);
        data.Fingerprint.ViewSha256.Should().NotBe(bigger.Fingerprint.ViewSha256);
        data.Fingerprint.View.Should().Contain("subset=500").And.Contain("size_mode=pad");
        data.Normalization.Should().BeEquivalentTo(ChannelStats.Compute(data.Train));
    }

    [Fact]
    public void Resized_rgb_image_folder_with_given_statistics()
    {
        using var dir = new TempDir();
        TestImages.WriteFolder(dir.Path, ["cat", "dog"], perClass: 5, size: 12, channels: 1);
        var stats = new ChannelStats([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);

        var data = DataPreparation.Prepare(
            new DataRequest
            {
                Spec = DatasetSpec.ImageFolder(dir.Path),
                ImageSize = 6,
                Normalize = stats,
            }
        );

        (data.Dataset.Channels, data.Dataset.Height).Should().Be((3, 6));
        data.Train.Count.Should().Be(10);
        data.Validation.Count.Should().Be(0);
        data.Normalization.Should().BeSameAs(stats);
    }
}
