using Mlops.Core.Errors;
using Mlops.Data.Datasets;
using Mlops.Data.FashionMnist;

namespace Mlops.Data.Tests.Datasets;

public class DatasetSpecTests
{
    [Theory]
    [InlineData("fashion-mnist:train", DatasetKind.FashionMnist, FashionMnistSplit.Train, null)]
    [InlineData(" Fashion-MNIST:test ", DatasetKind.FashionMnist, FashionMnistSplit.Test, null)]
    [InlineData("imagefolder:/data/pets/train", DatasetKind.ImageFolder, FashionMnistSplit.Train, "/data/pets/train")]
    [InlineData("imagefolder:C:/x:y", DatasetKind.ImageFolder, FashionMnistSplit.Train, "C:/x:y")]
    public void Valid_forms_parse(string text, DatasetKind kind, FashionMnistSplit split, string? path)
    {
        DatasetSpec.Parse(text).Should().Be(new DatasetSpec(kind, split, path));
    }

    [Fact]
    public void Canonical_text_round_trips()
    {
        foreach (var text in new[] { "fashion-mnist:train", "fashion-mnist:test", "imagefolder:/a/b" })
            DatasetSpec.Parse(text).ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("", "unknown data set kind")]
    [InlineData("mnist:train", "unknown data set kind 'mnist'")]
    [InlineData("fashion-mnist", "needs a split")]
    [InlineData("fashion-mnist:validation", "needs a split")]
    [InlineData("imagefolder:", "needs a root folder")]
    public void Invalid_forms_list_the_valid_ones(string text, string problem)
    {
        var act = () => DatasetSpec.Parse(text, "--data");

        act.Should()
            .Throw<MlopsException>()
            .Where(e =>
                e.Where == "--data" && e.Message.Contains(problem) && e.Message.Contains(DatasetSpec.ValidForms)
            );
    }
}
