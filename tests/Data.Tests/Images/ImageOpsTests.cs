using Mlops.Data.Images;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Images;

public class ImageOpsTests
{
    [Fact]
    public void Grey_uses_the_601_luma_weights()
    {
        var rgb = new Image(3, 1, 3, [255, 0, 0, 0, 255, 0, 10, 20, 30]);

        var grey = ColorConversion.ToGrey(rgb);

        grey.Pixels.Should().Equal(76, 150, 18); // 0.299*255, 0.587*255, 0.299*10+0.587*20+0.114*30 = 17.13+... rounded
    }

    [Fact]
    public void Rgb_from_grey_repeats_the_value_and_drops_alpha()
    {
        ColorConversion.ToRgb(new Image(2, 1, 1, [7, 200])).Pixels.Should().Equal(7, 7, 7, 200, 200, 200);
        ColorConversion.ToRgb(new Image(1, 1, 4, [1, 2, 3, 4])).Pixels.Should().Equal(1, 2, 3);
        ColorConversion.ToGrey(new Image(1, 1, 2, [9, 255])).Pixels.Should().Equal(9);
    }

    [Fact]
    public void Centre_crop_uses_torchvision_offsets()
    {
        var image = TestImages.Gradient(5, 4, 1);

        var crop = Geometry.CenterCrop(image, 2, 2);

        // left = round(1.5) = 2 (half to even), top = round(1.0) = 1
        crop.Pixels.Should().Equal(image[2, 1, 0], image[3, 1, 0], image[2, 2, 0], image[3, 2, 0]);
    }

    [Fact]
    public void Padding_centres_the_image_on_zeros()
    {
        var image = new Image(2, 2, 1, [1, 2, 3, 4]);

        var padded = Geometry.PadTo(image, 4, 4);

        padded.Pixels.Should().Equal(0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void Flip_mirrors_each_row()
    {
        Geometry.FlipHorizontal(new Image(3, 1, 2, [1, 2, 3, 4, 5, 6])).Pixels.Should().Equal(5, 6, 3, 4, 1, 2);
    }

    [Fact]
    public void Resize_keeps_a_constant_image_constant_and_same_size_is_identity()
    {
        var flat = new Image(37, 23, 3);
        Array.Fill(flat.Pixels, (byte)123);
        var image = TestImages.Gradient(9, 9, 3);

        BilinearResize.Resize(flat, 8, 5).Pixels.Should().AllBeEquivalentTo((byte)123);
        BilinearResize.Resize(flat, 80, 50).Pixels.Should().AllBeEquivalentTo((byte)123);
        BilinearResize.Resize(image, 9, 9).Pixels.Should().Equal(image.Pixels);
    }

    [Fact]
    public void Upscaling_by_two_interpolates_between_neighbours()
    {
        var image = new Image(2, 1, 1, [0, 100]);

        var wide = BilinearResize.Resize(image, 4, 1);

        // Half-pixel centres: outputs sit at 0.25, 0.75, 1.25, 1.75 in source pixels.
        wide.Pixels.Should().Equal(0, 25, 75, 100);
    }

    [Fact]
    public void Shorter_side_resize_keeps_the_aspect_ratio()
    {
        var resized = BilinearResize.ResizeShorterSide(TestImages.Gradient(200, 100, 3), 32);

        resized.Width.Should().Be(64);
        resized.Height.Should().Be(32);
    }

    [Fact]
    public void Normalising_writes_channel_planes_with_mean_and_std()
    {
        var image = new Image(2, 1, 3, [0, 51, 255, 255, 102, 0]);

        var chw = ChwNormalizer.ToChw(image, [0f, 0.2f, 0.5f], [1f, 0.5f, 0.5f]);

        chw.Should().Equal(new[] { 0f, 1f, 0f, 0.4f, 1f, -1f }, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Preprocessor_resizes_crops_and_normalises_an_encoded_photo()
    {
        var photo = TestImages.Gradient(120, 80, 3);
        var preprocessor = new ImagePreprocessor
        {
            Channels = 1,
            InputSize = 32,
            ResizeShorterSideTo = 36,
            Mean = [0.5f],
            Std = [0.25f],
        };

        var input = preprocessor.Run(PngEncoder.Encode(photo), "photo.png");

        var expected = Geometry.CenterCrop(BilinearResize.ResizeShorterSide(ColorConversion.ToGrey(photo), 36), 32, 32);
        input.Should().HaveCount(32 * 32);
        input.Should().Equal(expected.Pixels.Select(p => (p / 255f - 0.5f) / 0.25f));
    }
}
