using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Datasets;
using Mlops.Export.Quantization;
using Mlops.Export.Tests.Support;
using Mlops.Onnx;
using Mlops.Onnx.Evaluation;
using Mlops.Onnx.Model;
using Onnx;

namespace Mlops.Export.Tests.Quantization;

public sealed class QuantizeJobTests : IDisposable
{
    private readonly Scratch _scratch = new();

    private QuantizeRequest Request(string model, double maxDrop = 100) =>
        new()
        {
            ModelPath = model,
            Calibration = DatasetSpec.Parse("fashion-mnist:train"),
            CalibrationSize = 128,
            TestSubset = 512,
            LatencyRuns = 5,
            MaxAccuracyDrop = maxDrop,
        };

    [Fact]
    public void Int8_qdq_model_is_a_quarter_of_the_size_valid_onnx_and_agrees_with_fp32()
    {
        var model = ExportedModels.Create(_scratch.Path);

        var report = QuantizeJob.Run(Request(model));

        report.KeptFloat.Should().BeEmpty();
        report
            .FusedRelus.Should()
            .Be(17, "ResNet-18: the stem ReLU and two per block except those fused in the Add pattern");
        report.SizeRatio.Should().BeLessThan(0.27);
        var int8Path = report.Int8Model;
        var (exit, error) = OnnxChecker.Check(int8Path);
        exit.Should().Be(0, error);
        var int8 = OnnxModelFile.Read(int8Path);
        int8.Graph.Node.Count(n => n.OpType == "QuantizeLinear").Should().BeGreaterThan(20);
        int8.Graph.Initializer.Count(t => t.DataType == (int)TensorProto.Types.DataType.Int8 && t.Dims.Count == 4)
            .Should()
            .Be(20, "every conv weight is int8");
        int8.MetadataProps.Single(p => p.Key == ModelMetadataKeys.Quantization).Value.Should().Be("int8-qdq");
        File.Exists(Path.Combine(Path.GetDirectoryName(int8Path)!, ArtifactNames.QuantizeReport)).Should().BeTrue();

        // A broken quantizer (wrong scales, axes or zero points) would agree with fp32 no better than chance (10% top-1,
        // relative error near 1); the untrained test network has near-tied logits, so top-1 alone is a loose check.
        AssertCloseToFp32(model, int8Path);

        // Default uint8 activations: ORT turns every QDQ unit into an integer kernel (its optimized graph, read back).
        report.ActivationType.Should().Be("uint8");
        ActivationZeroPoints(int8Path)
            .Should()
            .NotBeEmpty()
            .And.OnlyContain(t => t.DataType == (int)TensorProto.Types.DataType.Uint8);
        report.OrtFloatComputeNodes.Should().Be(0, $"ORT runs {new KernelCensus(report.OrtInt8Kernels)}");
        report.OrtInt8Kernels.Should().Contain("QLinearConv", 20).And.Contain("QLinearAdd", 8).And.ContainKey("QGemm");
        report.OrtInt8Kernels.Should().NotContainKey("DequantizeLinear");

        // Signed activations are still available and correct, but ORT's x86 kernels leave the residual-input convs in float.
        var signed = QuantizeJob.Run(
            Request(model) with
            {
                ActivationType = ActivationType.Int8,
                OutputPath = Path.Combine(_scratch.Path, "s8.onnx"),
            }
        );
        ActivationZeroPoints(signed.Int8Model)
            .Should()
            .NotBeEmpty()
            .And.OnlyContain(t => t.DataType == (int)TensorProto.Types.DataType.Int8);
        AssertCloseToFp32(model, signed.Int8Model);
        signed.OrtFloatComputeNodes.Should().BeGreaterThan(0, $"ORT runs {new KernelCensus(signed.OrtInt8Kernels)}");
    }

    [Fact]
    public void An_op_without_an_int8_form_and_an_excluded_node_stay_float_and_are_reported()
    {
        var model = ExportedModels.Create(_scratch.Path);
        var proto = OnnxModelFile.Read(model);
        // Abs after the stem ReLU changes nothing numerically but has no int8 kernel here.
        var relu = proto.Graph.Node.Single(n => n.Name == "relu");
        var consumers = proto.Graph.Node.Where(n => n.Input.Contains(relu.Output[0])).ToList();
        var abs = OnnxNodes.Create("Abs", "stem_abs", [relu.Output[0]], ["stem_abs_output"]);
        foreach (var consumer in consumers)
            for (var i = 0; i < consumer.Input.Count; i++)
                if (consumer.Input[i] == relu.Output[0])
                    consumer.Input[i] = "stem_abs_output";
        proto.Graph.Node.Insert(proto.Graph.Node.IndexOf(relu) + 1, abs);
        var modified = _scratch.File("with-abs.onnx");
        OnnxModelFile.Write(modified, proto);

        var report = QuantizeJob.Run(Request(modified) with { Exclude = new HashSet<string> { "fc" } });

        report
            .KeptFloat.Should()
            .ContainEquivalentOf(new FloatNode("stem_abs", "Abs", "the quantizer has no int8 form for Abs"));
        report.KeptFloat.Should().ContainEquivalentOf(new FloatNode("fc", "Gemm", "excluded by --exclude"));
        OnnxChecker.Check(report.Int8Model).ExitCode.Should().Be(0);
        AssertCloseToFp32(model, report.Int8Model);
    }

    [Fact]
    public void The_gate_writes_the_report_but_no_int8_file_when_the_drop_is_too_large()
    {
        var output = _scratch.File("model.int8.onnx");
        var figures = new ModelFigures(100, 0.9, 1000, 1, 1);
        var failing = new QuantizationReport
        {
            Fp32Model = _scratch.File("model.onnx"),
            Int8Model = output,
            Method = "minmax",
            CalibrationImages = 1,
            CalibrationData = "x",
            FoldedBatchNorms = 0,
            FusedRelus = 0,
            QuantizedNodes = 1,
            KeptFloat = [],
            TestData = "x",
            Fp32 = figures,
            Int8 = figures with { Accuracy = 0.885 },
            AccuracyDropPoints = 1.5,
            MaxAccuracyDropPoints = 1.0,
        };

        File.WriteAllText(output, "an int8 file from an earlier, passing run");
        var act = () => QuantizeJob.Commit(failing, new ModelProto(), output);

        act.Should().Throw<MlopsException>().WithMessage("int8 top-1 is 1.50 points below fp32*no int8 model written*");
        File.Exists(output).Should().BeFalse();
        File.Exists(_scratch.File(ArtifactNames.QuantizeReport)).Should().BeTrue();
        QuantizeJob.Commit(failing with { MaxAccuracyDropPoints = 1.5 }, new ModelProto(), output);
        File.Exists(output).Should().BeTrue();
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused_clearly()
    {
        var bogus = _scratch.File("model.onnx");
        File.WriteAllText(bogus, "this is not a protobuf at all, just text pretending to be a model");

        var quantize = () => QuantizeJob.Run(Request(bogus));
        var evaluate = () => OnnxModelEvaluation.Run(bogus, DatasetSpec.Parse("fashion-mnist:test"), subset: 10);

        quantize.Should().Throw<MlopsException>().WithMessage("not an ONNX model*").Where(e => e.Where == bogus);
        evaluate.Should().Throw<MlopsException>().WithMessage("not an ONNX model*");
    }

    [Fact]
    public void An_output_path_that_is_a_folder_is_refused_before_any_work()
    {
        var model = ExportedModels.Create(_scratch.Path);
        var folder = Directory.CreateDirectory(_scratch.File("out.onnx")).FullName;
        var stages = new List<string>();

        var quantize = () => QuantizeJob.Run(Request(model) with { OutputPath = folder }, stages.Add);
        var export = () =>
            ExportJob.Run(new ExportRequest { RunPath = _scratch.File("no-run-needed"), OutputPath = folder });

        quantize.Should().Throw<MlopsException>().WithMessage("*is a folder*").Where(e => e.Where == "--out");
        stages.Should().BeEmpty("calibration and scoring take minutes; the folder is refused first");
        export.Should().Throw<MlopsException>().WithMessage("*is a folder*").Where(e => e.Where == "--out");
    }

    [Fact]
    public void Calibration_images_of_the_wrong_shape_are_refused_before_anything_is_written()
    {
        var model = ExportedModels.Create(_scratch.Path);
        var proto = OnnxModelFile.Read(model);
        proto.MetadataProps.Single(p => p.Key == ModelMetadataKeys.InputSize).Value = "32";
        var lying = _scratch.File("lying.onnx");
        OnnxModelFile.Write(lying, proto);

        var act = () => QuantizeJob.Run(Request(lying));

        act.Should()
            .Throw<MlopsException>()
            .WithMessage("calibration data has shape [1, 32, 32] per image but the model takes [1, 28, 28]");
        File.Exists(_scratch.File("lying.int8.onnx")).Should().BeFalse();
    }

    [Fact]
    public void Eval_of_the_onnx_file_matches_eval_of_the_checkpoint()
    {
        var model = ExportedModels.Create(_scratch.Path);
        var spec = DatasetSpec.Parse("fashion-mnist:test");

        var onnx = OnnxModelEvaluation.Run(model, spec, batchSize: 128, subset: 300);
        var torch = Train.Training.CheckpointEvaluation.Run(
            Path.Combine(_scratch.Path, "tiny", "checkpoints", "best.safetensors"),
            spec,
            128,
            300
        );

        onnx.Images.Should().Be(300);
        onnx.ConfusionMatrix.Should().BeEquivalentTo(torch.ConfusionMatrix);
        onnx.Loss.Should().BeApproximately(torch.Loss, 1e-4);
    }

    private static IEnumerable<TensorProto> ActivationZeroPoints(string path) =>
        OnnxModelFile
            .Read(path)
            .Graph.Initializer.Where(t =>
                t.Name.EndsWith("/zero_point", StringComparison.Ordinal)
                && !t.Name.Contains(".weight")
                && !t.Name.Contains(".bias")
            );

    /// <summary>Top-1 agreement above 70% and logits within 30% relative RMS error of fp32's on 256 test images.</summary>
    private static void AssertCloseToFp32(string fp32Path, string int8Path, int images = 256)
    {
        using var fp32 = OnnxSessions.Open(fp32Path);
        using var int8 = OnnxSessions.Open(int8Path);
        var data = new float[images * 28 * 28];
        var pixels = Data.FashionMnist.FashionMnistDataset.Load(Data.FashionMnist.FashionMnistSplit.Test).Pixels;
        for (var i = 0; i < data.Length; i++)
            data[i] = (pixels[i] / 255f - TestRuns.Mean[0]) / TestRuns.Std[0];
        float[] Logits(Microsoft.ML.OnnxRuntime.InferenceSession s) => s.RunFloats(data, [images, 1, 28, 28], "test");
        var a = Logits(fp32);
        var b = Logits(int8);
        var same = Enumerable
            .Range(0, images)
            .Count(i =>
                Core.Numerics.Logits.ArgMax(a.AsSpan(i * 10, 10)) == Core.Numerics.Logits.ArgMax(b.AsSpan(i * 10, 10))
            );
        var mean = a.Average();
        var spread = Math.Sqrt(a.Average(v => (v - mean) * (v - mean)));
        var error = Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Average());
        ((double)same / images).Should().BeGreaterThan(0.7);
        (error / spread).Should().BeLessThan(0.3);
    }

    public void Dispose() => _scratch.Dispose();
}
