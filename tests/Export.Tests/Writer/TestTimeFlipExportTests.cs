using Mlops.Export.Tests.Support;
using Mlops.Onnx;
using Mlops.Onnx.Model;

namespace Mlops.Export.Tests.Writer;

/// <summary>model.test_time_flip: the exported graph averages each image with its mirror, as the C# model does.</summary>
public sealed class TestTimeFlipExportTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void The_exported_graph_averages_image_and_mirror_matches_libtorch_and_quantizes()
    {
        var run = TestRuns.Create(_scratch.Path, smallStem: true, testTimeFlip: true);

        var report = ExportJob.Run(
            new ExportRequest
            {
                ParityData = TestRuns.ParityData,
                RunPath = run,
                ParityImages = 64,
            }
        );

        report.Parity.Passed.Should().BeTrue();
        report.Parity.MaxAbsDiff.Should().BeLessThanOrEqualTo(1e-4);
        var model = OnnxModelFile.Read(report.Model);
        model.Graph.Node.Select(n => n.OpType).Should().Contain(["Slice", "Concat", "ReduceMean"]);
        OnnxChecker.Check(report.Model).ExitCode.Should().Be(0);

        // The averaged answer cannot tell an image from its mirror; a plain network can (the test images are not symmetric).
        var images = MirroredPairs(8);
        Logits(report.Model, images.Original)
            .Should()
            .Equal(Logits(report.Model, images.Mirrored), (a, b) => Math.Abs(a - b) <= 1e-5f);
        var plain = TestRuns.Create(_scratch.File("plain"), smallStem: true);
        var plainModel = ExportJob
            .Run(
                new ExportRequest
                {
                    ParityData = TestRuns.ParityData,
                    RunPath = plain,
                    ParityImages = 16,
                }
            )
            .Model;
        Logits(plainModel, images.Original)
            .Zip(Logits(plainModel, images.Mirrored), (a, b) => Math.Abs(a - b))
            .Max()
            .Should()
            .BeGreaterThan(1e-3f);

        // The int8 model keeps the averaging in float around fully integer network kernels.
        var quantized = QuickQuantization.Run(report.Model, _scratch.File("flip.int8.onnx"));
        quantized.KeptFloat.Select(n => n.OpType).Should().BeEquivalentTo(["Slice", "Concat", "Reshape", "ReduceMean"]);
        quantized.OrtInt8Kernels.Should().Contain("QLinearConv", 20);
        Logits(quantized.Int8Model, images.Original)
            .Should()
            .Equal(Logits(quantized.Int8Model, images.Mirrored), (a, b) => Math.Abs(a - b) <= 1e-4f);
    }

    private static float[] Logits(string modelPath, float[] data)
    {
        using var session = OnnxSessions.Open(modelPath);
        return session.RunFloats(data, [data.Length / (28 * 28), 1, 28, 28], modelPath);
    }

    /// <summary>Real test images, normalised, and the same images mirrored left-right.</summary>
    private static (float[] Original, float[] Mirrored) MirroredPairs(int count)
    {
        var pixels = Data.FashionMnist.FashionMnistDataset.Load(Data.FashionMnist.FashionMnistSplit.Test).Pixels;
        var original = new float[count * 28 * 28];
        var mirrored = new float[original.Length];
        for (var i = 0; i < count; i++)
        for (var y = 0; y < 28; y++)
        for (var x = 0; x < 28; x++)
        {
            var value = (pixels[(i * 28 + y) * 28 + x] / 255f - TestRuns.Mean[0]) / TestRuns.Std[0];
            original[(i * 28 + y) * 28 + x] = value;
            mirrored[(i * 28 + y) * 28 + 27 - x] = value;
        }
        return (original, mirrored);
    }
}
