using System.Diagnostics;
using System.Globalization;
using Mlops.Data.Images;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Images;

/// <summary>Our bilinear resize against PyTorch's (F.interpolate, bilinear, antialias=True), Debian's python3-torch.</summary>
public class ResizeReferenceTests
{
    private const string Script = """
        import sys, numpy as np, torch
        import torch.nn.functional as F
        src, w, h, c, dst = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        x = torch.from_numpy(np.fromfile(src, dtype=np.uint8).reshape(h, w, c).astype(np.float32)).permute(2, 0, 1)[None]
        out = []
        for size in sys.argv[6:]:
            ow, oh = (int(v) for v in size.split('x'))
            y = F.interpolate(x, size=(oh, ow), mode='bilinear', align_corners=False, antialias=True)
            out.append(y[0].permute(1, 2, 0).contiguous().numpy().ravel())
        np.concatenate(out).astype(np.float32).tofile(dst)
        """;

    [Fact]
    public void Matches_pytorch_antialiased_bilinear_when_shrinking_and_growing()
    {
        using var dir = new TempDir();
        var random = new Random(7);
        var image = new Image(61, 47, 3);
        random.NextBytes(image.Pixels);
        File.WriteAllBytes(dir.File("in.raw"), image.Pixels);
        File.WriteAllText(dir.File("ref.py"), Script);
        (int W, int H)[] sizes = [(32, 32), (13, 20), (61, 47 * 2), (150, 100), (7, 5)];

        var arguments = new List<string>
        {
            dir.File("ref.py"),
            dir.File("in.raw"),
            "61",
            "47",
            "3",
            dir.File("out.raw"),
        };
        arguments.AddRange(sizes.Select(s => $"{s.W}x{s.H}"));
        RunPython(arguments);
        var reference = new float[new FileInfo(dir.File("out.raw")).Length / 4];
        Buffer.BlockCopy(File.ReadAllBytes(dir.File("out.raw")), 0, reference, 0, reference.Length * 4);

        int offset = 0;
        foreach (var (w, h) in sizes)
        {
            var ours = BilinearResize.Resize(image, w, h).Pixels;
            for (int i = 0; i < ours.Length; i++)
            {
                var expected = Math.Clamp(reference[offset + i], 0, 255);
                Math.Abs(ours[i] - expected)
                    .Should()
                    .BeLessThanOrEqualTo(0.51f, string.Create(CultureInfo.InvariantCulture, $"pixel {i} of {w}x{h}"));
            }
            offset += ours.Length;
        }
        offset.Should().Be(reference.Length);
    }

    private static void RunPython(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, error);
    }
}
