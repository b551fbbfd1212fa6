using Mlops.Data.Datasets;
using Mlops.Data.Fingerprints;
using Mlops.Data.ImageFolder;
using Mlops.Data.Images;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Fingerprints;

public class DatasetFingerprintTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Image_folder_content_hash_changes_when_one_pixel_changes()
    {
        TestImages.WriteFolder(_dir.Path, ["a", "b"], perClass: 3);
        var before = ImageFolderDataset.Load(_dir.Path).ContentSha256;
        var image = ImageDecoder.DecodeFile(_dir.File("b/img002.png"));
        image[4, 4, 1] ^= 1;
        PngEncoder.Save(image, _dir.File("b/img002.png"));

        var after = ImageFolderDataset.Load(_dir.Path).ContentSha256;

        after.Should().NotBe(before).And.MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Image_folder_content_hash_is_stable_and_covers_names()
    {
        TestImages.WriteFolder(_dir.Path, ["a", "b"], perClass: 2);
        var first = ImageFolderDataset.Load(_dir.Path).ContentSha256;

        ImageFolderDataset.Load(_dir.Path).ContentSha256.Should().Be(first);
        DatasetFingerprint.ContentOf(DatasetSpec.ImageFolder(_dir.Path)).Should().Be(first);

        File.Move(_dir.File("b/img001.png"), _dir.File("b/img009.png"));
        ImageFolderDataset.Load(_dir.Path).ContentSha256.Should().NotBe(first);
    }

    [Fact]
    public void Fashion_mnist_content_hash_without_decoding_equals_the_loaded_one()
    {
        var train = DatasetFingerprint.ContentOf(
            DatasetSpec.FashionMnist(Mlops.Data.FashionMnist.FashionMnistSplit.Train)
        );

        train.Should().Be(FashionMnistFixture.Train.ContentSha256);
        FashionMnistFixture.Test.ContentSha256.Should().NotBe(train);
    }

    [Fact]
    public void View_hash_covers_the_parameters_but_not_their_order()
    {
        var a = DatasetFingerprint.Create("fashion-mnist:train", "abc", [new("subset", 1000), new("seed", 1UL)]);
        var b = DatasetFingerprint.Create("fashion-mnist:train", "abc", [new("seed", 1UL), new("subset", 1000)]);
        var c = DatasetFingerprint.Create("fashion-mnist:train", "abc", [new("seed", 1UL), new("subset", 2000)]);
        var d = DatasetFingerprint.Create("fashion-mnist:train", "abd", [new("seed", 1UL), new("subset", 1000)]);

        a.Should().Be(b);
        a.View.Should().Be("seed=1;subset=1000");
        c.ViewSha256.Should().NotBe(a.ViewSha256);
        d.ViewSha256.Should().NotBe(a.ViewSha256);
        a.ContentSha256.Should().Be("abc");
    }
}
