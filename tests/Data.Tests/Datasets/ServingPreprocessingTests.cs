using Mlops.Data.Datasets;
using Mlops.Data.Images;
using Mlops.Data.Loading;

namespace Mlops.Data.Tests.Datasets;

/// <summary>A served image must reach the model exactly as the same image did in training (evaluation mode).</summary>
public class ServingPreprocessingTests
{
    [Theory]
    [InlineData(SizeMode.Pad)]
    [InlineData(SizeMode.Resize)]
    public void An_uploaded_png_of_a_test_image_gives_the_loaders_evaluation_input(SizeMode mode)
    {
        var prepared = DataPreparation.Prepare(
            new DataRequest
            {
                Spec = DatasetSpec.Parse("fashion-mnist:test"),
                ImageSize = 32,
                SizeMode = mode,
                Subset = 20,
                Seed = 2,
            }
        );
        var loader = new DataLoader(
            prepared.Train,
            prepared.Normalization,
            new DataLoaderOptions { Shuffle = false, BatchSize = 20 }
        );
        var preprocessor = ServingPreprocessing.For(prepared, sourceSize: 28, mode);
        var original = Mlops.Data.Tests.Support.FashionMnistFixture.Test;

        foreach (var batch in loader.Epoch(0))
            for (int k = 0; k < batch.Count; k++)
            {
                var upload = PngEncoder.Encode(original.GetImage(batch.Indices[k]));

                var served = preprocessor.Run(upload, "upload.png");

                served.Should().Equal(batch.ImageData.Slice(k * batch.SampleLength, batch.SampleLength).ToArray());
            }
    }

    [Fact]
    public void A_larger_colour_upload_is_greyed_and_shrunk_to_the_training_size()
    {
        var preprocessor = ServingPreprocessing.For(1, 32, 28, SizeMode.Pad, new([0.5f], [0.5f]));
        var photo = Mlops.Data.Tests.Support.TestImages.Gradient(280, 280, 3);

        var served = preprocessor.Run(PngEncoder.Encode(photo), "photo.png");

        var expected = Geometry.PadTo(BilinearResize.Resize(ColorConversion.ToGrey(photo), 28, 28), 32, 32);
        served.Should().Equal(ChwNormalizer.ToChw(expected, [0.5f], [0.5f]));
        served[0].Should().Be(-1f); // the zero border, normalised
    }
}
