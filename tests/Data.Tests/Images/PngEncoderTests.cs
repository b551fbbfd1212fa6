using System.Text;
using Mlops.Data.Images;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Images;

public class PngEncoderTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Crc32.Compute(Encoding.ASCII.GetBytes("123456789")).Should().Be(0xCBF43926u);
        Crc32.Append(Crc32.Compute("1234"u8), "56789"u8).Should().Be(0xCBF43926u);
    }

    [Fact]
    public void Output_starts_with_the_png_signature_and_ends_with_iend()
    {
        var png = PngEncoder.Encode(TestImages.Gradient(3, 3, 1));

        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        Encoding.ASCII.GetString(png, png.Length - 8, 4).Should().Be("IEND");
    }

    [Fact]
    public void Save_writes_a_decodable_file_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        var image = TestImages.Gradient(20, 10, 3);

        PngEncoder.Save(image, dir.File("thumb.png"));

        Directory.GetFiles(dir.Path).Should().ContainSingle();
        ImageDecoder.DecodeFile(dir.File("thumb.png")).Pixels.Should().Equal(image.Pixels);
    }
}
