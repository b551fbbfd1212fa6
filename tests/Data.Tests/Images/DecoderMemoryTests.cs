using System.Runtime.InteropServices;
using Mlops.Data.Images;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Images;

/// <summary>The native heap is process-wide: run alone, not beside tests that decode images too.</summary>
[CollectionDefinition(nameof(DecoderMemoryTests), DisableParallelization = true)]
public class DecoderMemoryCollection;

[Collection(nameof(DecoderMemoryTests))]
public partial class DecoderMemoryTests
{
    [Fact]
    public void Native_pixel_buffers_are_freed_after_every_decode()
    {
        // 600x600 RGB: each native buffer is ~1 MB, so 250 leaked decodes would hold 270 MB of malloc'd memory.
        var bmp = BmpWriter.Encode(TestImages.Gradient(600, 600, 3));
        for (int i = 0; i < 20; i++)
            ImageDecoder.Decode(bmp, "warm-up.bmp");
        long before = NativeHeapBytes();

        for (int i = 0; i < 250; i++)
            ImageDecoder.Decode(bmp, "big.bmp");

        long growth = NativeHeapBytes() - before;
        growth.Should().BeLessThan(16L << 20, "decoded pixels must go back to the native heap (stbi_image_free)");
    }

    /// <summary>
    /// Bytes glibc's malloc has handed out and not had back (heap chunks in use + mmapped blocks). Unlike resident
    /// memory it does not move with the managed heap, whose freed pages the GC keeps: the measure this test needs.
    /// </summary>
    private static long NativeHeapBytes()
    {
        var info = mallinfo2();
        return (long)(info.uordblks + info.hblkhd);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena,
            ordblks,
            smblks,
            hblks,
            hblkhd,
            usmblks,
            fsmblks,
            uordblks,
            fordblks,
            keepcost;
    }

    [LibraryImport("libc.so.6")]
    private static partial MallInfo2 mallinfo2();
}
