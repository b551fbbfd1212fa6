using System.Diagnostics;
using System.IO.Compression;
using Mlops.Core.Errors;
using Mlops.Data.Images;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Images;

public class ImageDecoderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Png_written_by_our_encoder_decodes_to_the_same_pixels(int channels)
    {
        var image = TestImages.Gradient(17, 9, channels);

        var decoded = ImageDecoder.Decode(PngEncoder.Encode(image), "gradient.png");

        decoded.Width.Should().Be(17);
        decoded.Height.Should().Be(9);
        decoded.Channels.Should().Be(channels);
        decoded.Pixels.Should().Equal(image.Pixels);
    }

    [Fact]
    public void Bmp_decodes_to_the_same_pixels()
    {
        var image = TestImages.Gradient(13, 5, 3);

        var decoded = ImageDecoder.Decode(BmpWriter.Encode(image), "gradient.bmp");

        decoded.Channels.Should().Be(3);
        decoded.Pixels.Should().Equal(image.Pixels);
    }

    [Fact]
    public void Jpeg_decodes_close_to_the_original()
    {
        using var dir = new TempDir();
        var image = TestImages.Gradient(32, 24, 3);
        // A smooth image so JPEG's loss stays small.
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)(i % 96 / 3 * 4 + 40);
        JpegWriter.Save(image, dir.File("a.jpg"), quality: 100);

        var decoded = ImageDecoder.DecodeFile(dir.File("a.jpg"));

        decoded.Width.Should().Be(32);
        decoded.Height.Should().Be(24);
        double meanError = decoded.Pixels.Zip(image.Pixels, (a, b) => Math.Abs(a - b)).Average();
        meanError.Should().BeLessThan(3);
    }

    [Fact]
    public void Requested_channels_are_converted_by_the_decoder()
    {
        var rgb = TestImages.Gradient(4, 4, 3);

        ImageDecoder.Decode(PngEncoder.Encode(rgb), "x.png", channels: 1).Channels.Should().Be(1);
        ImageDecoder.Decode(PngEncoder.Encode(rgb), "x.png", channels: 4).Channels.Should().Be(4);
    }

    [Fact]
    public void Header_is_read_without_decoding()
    {
        var info = ImageDecoder.ReadInfo(PngEncoder.Encode(TestImages.Gradient(300, 200, 3)), "x.png");

        info.Should().Be(new ImageInfo(300, 200, 3));
    }

    [Fact]
    public void A_100_megapixel_header_is_refused_before_decoding_and_quickly()
    {
        // A valid PNG header claiming 10000x10000 RGB, followed by a tiny IDAT: decoding would need 300 MB.
        var png = PngWithHeader(10_000, 10_000, colorType: 2, CompressedZeros(1000));
        var watch = Stopwatch.StartNew();

        var act = () => ImageDecoder.Decode(png, "huge.png");

        act.Should()
            .Throw<MlopsException>()
            .Where(e =>
                e.Where == "huge.png"
                && e.Message.Contains("10000x10000")
                && e.Message.Contains("refused before decoding")
            );
        watch.ElapsedMilliseconds.Should().BeLessThan(200);
    }

    [Fact]
    public void The_pixel_limit_is_configurable()
    {
        var png = PngEncoder.Encode(TestImages.Gradient(100, 100, 1));

        var act = () => ImageDecoder.Decode(png, "small.png", maxPixels: 9_999);

        act.Should().Throw<MlopsException>().WithMessage("*100x100*above the limit*");
        ImageDecoder.Decode(png, "small.png", maxPixels: 10_000).Width.Should().Be(100);
    }

    [Fact]
    public void Truncated_png_gives_an_error_naming_the_file()
    {
        var png = PngEncoder.Encode(TestImages.Gradient(64, 64, 3, variant: 5));
        var truncated = png.AsSpan(0, png.Length / 2).ToArray();

        var act = () => ImageDecoder.Decode(truncated, "photos/cat.png");

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == "photos/cat.png" && e.Message.StartsWith("corrupt or truncated image"));
    }

    [Fact]
    public void Foreign_bytes_give_an_error_naming_the_file()
    {
        var text = "this is a text file, not an image"u8.ToArray();

        var act = () => ImageDecoder.Decode(text, "notes.png");

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == "notes.png" && e.Message.Contains("not a readable image"));
    }

    [Fact]
    public void Empty_and_missing_files_give_clear_errors()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("empty.png"), []);

        FluentActions
            .Invoking(() => ImageDecoder.DecodeFile(dir.File("empty.png")))
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Message.Contains("empty") && e.Where == dir.File("empty.png"));
        FluentActions
            .Invoking(() => ImageDecoder.DecodeFile(dir.File("missing.png")))
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == dir.File("missing.png"));
    }

    [Fact]
    public void Decoding_from_many_threads_at_once_gives_the_right_pixels_and_errors()
    {
        var good = PngEncoder.Encode(TestImages.Gradient(40, 30, 3));
        var expected = ImageDecoder.Decode(good, "good.png").Pixels;
        var bad = good.AsSpan(0, good.Length / 3).ToArray();

        Parallel.For(0, 400, i =>
        {
            if (i % 2 == 0)
                ImageDecoder.Decode(good, "good.png").Pixels.Should().Equal(expected);
            else
                FluentActions
                    .Invoking(() => ImageDecoder.Decode(bad, $"bad{i}.png"))
                    .Should()
                    .Throw<MlopsException>()
                    .Where(e => e.Where == $"bad{i}.png");
        });
    }

    private static byte[] PngWithHeader(int width, int height, byte colorType, byte[] idat)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        PngEncoder.WriteChunk(output, "IHDR", PngEncoder.Header(width, height, colorType));
        PngEncoder.WriteChunk(output, "IDAT", idat);
        PngEncoder.WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static byte[] CompressedZeros(int count)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(new byte[count]);
        return output.ToArray();
    }
}
