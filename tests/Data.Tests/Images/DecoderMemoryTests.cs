using System.Diagnostics;
using Mlops.Data.Images;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Images;

/// <summary>Resident memory is process-wide: run alone, not beside tests that load Fashion-MNIST.</summary>
[CollectionDefinition(nameof(DecoderMemoryTests), DisableParallelization = true)]
public class DecoderMemoryCollection;

[Collection(nameof(DecoderMemoryTests))]
public class DecoderMemoryTests
{
    [Fact]
    public void Native_pixel_buffers_are_freed_after_every_decode()
    {
        // 600x600 RGB: each native buffer is ~1 MB, so 250 leaked decodes would add 270 MB of resident memory.
        var bmp = BmpWriter.Encode(TestImages.Gradient(600, 600, 3));
        for (int i = 0; i < 20; i++) ImageDecoder.Decode(bmp, "warm-up.bmp");
        long before = ResidentBytes();

        for (int i = 0; i < 250; i++) ImageDecoder.Decode(bmp, "big.bmp");

        long growth = ResidentBytes() - before;
        growth.Should().BeLessThan(100L << 20, "decoded pixels must go back to the native heap (stbi_image_free)");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }
}
