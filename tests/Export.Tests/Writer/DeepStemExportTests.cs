using Mlops.Export.Tests.Support;
using Mlops.Onnx.Model;

namespace Mlops.Export.Tests.Writer;

/// <summary>model.deep_stem: the extra full-resolution conv-BN-ReLU is exported first, proven equal to libtorch, and quantized.</summary>
public sealed class DeepStemExportTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void The_deep_stem_exports_before_conv1_matches_libtorch_and_becomes_an_integer_kernel()
    {
        var run = TestRuns.Create(_scratch.Path, smallStem: true, deepStem: true, stemStride: 2);

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
        var convs = OnnxModelFile.Read(report.Model).Graph.Node.Where(n => n.OpType == "Conv").ToList();
        convs.Should().HaveCount(21);
        convs[0].Input.Should().Contain("stem.0.weight");
        convs[0].Attribute.Single(a => a.Name == "strides").Ints.Should().Equal(1, 1);
        convs[1].Input.Should().Contain("conv1.weight");
        convs[1].Attribute.Single(a => a.Name == "strides").Ints.Should().Equal(2, 2);

        var quantized = QuickQuantization.Run(report.Model, _scratch.File("deep.int8.onnx"));
        quantized.OrtInt8Kernels.Should().Contain("QLinearConv", 21);
        quantized.KeptFloat.Should().BeEmpty();
    }
}
