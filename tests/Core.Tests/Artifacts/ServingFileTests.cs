using System.Text;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;

namespace Mlops.Core.Tests.Artifacts;

/// <summary>The one rule for which file of a version is served, and the one reader of quantize.json it uses.</summary>
public sealed class ServingFileTests
{
    private static readonly string[] Both = ["model.onnx", "model.int8.onnx", "quantize.json", "card.json"];

    [Theory]
    [InlineData(
        """{"passed": true, "serve_int8": true, "int8_model": "/runs/x/model.int8.onnx", "choice": "int8: ok"}""",
        "model.int8.onnx"
    )]
    [InlineData(
        """{"passed": true, "serve_int8": false, "int8_model": "model.int8.onnx", "choice": "fp32: slower"}""",
        "model.onnx"
    )]
    [InlineData("""{"passed": true, "int8_model": "model.int8.onnx"}""", "model.int8.onnx")]
    [InlineData("""{"passed": false, "int8_model": "model.int8.onnx"}""", "model.onnx")]
    [InlineData("""{"serve_int8": true, "int8_model": "other.onnx"}""", "model.onnx")]
    [InlineData("""{"serve_int8": tru""", "model.onnx")]
    [InlineData("""[1, 2]""", "model.onnx")]
    public void The_int8_file_is_served_only_when_quantize_json_chose_a_file_the_version_holds(
        string report,
        string served
    )
    {
        ServingFile.Choose(Both, _ => Encoding.UTF8.GetBytes(report), "fashion:3").Should().Be(served);
    }

    [Fact]
    public void Old_reports_state_their_gate_as_the_choice_and_new_ones_their_own_words()
    {
        QuantizeReportFile
            .ReadDecision("""{"passed": true, "int8_model": "m.int8.onnx"}"""u8)!
            .Choice.Should()
            .Be("int8 if it passed the gate (report written before speed counted)");
        QuantizeReportFile
            .ReadDecision("""{"passed": false, "int8_model": "m.int8.onnx"}"""u8)!
            .Choice.Should()
            .Be("fp32: the gate failed");
        QuantizeReportFile
            .ReadDecision("""{"passed": true, "serve_int8": false, "int8_model": "a/m.onnx", "choice": "fp32: x"}"""u8)
            .Should()
            .Be(new Int8Decision(false, "m.onnx", "fp32: x"));
        QuantizeReportFile.ReadDecision("""{"passed": true}"""u8).Should().BeNull("no int8 file named");
    }

    [Fact]
    public void A_single_model_is_served_whatever_it_is_called_and_none_or_an_ambiguous_pair_is_refused()
    {
        ServingFile
            .Choose(["resnet.onnx", "card.json"], _ => throw new InvalidOperationException("not read"), "m:1")
            .Should()
            .Be("resnet.onnx");
        FluentActions
            .Invoking(() => ServingFile.Choose(["card.json"], _ => [], "m:1"))
            .Should()
            .Throw<MlopsException>()
            .Which.ToString()
            .Should()
            .Be("m:1: the version holds no .onnx file (files: card.json)");
        FluentActions
            .Invoking(() => ServingFile.Choose(["a.onnx", "b.onnx"], _ => [], "m:2"))
            .Should()
            .Throw<MlopsException>()
            .Which.Message.Should()
            .Contain("cannot tell which model file to serve among a.onnx, b.onnx");
    }

    [Fact]
    public void The_report_written_is_the_one_read_back()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-quantize-json-").FullName;
        var figures = new ModelFigures(1000, 0.9, 100, 2.0, 20.0);
        var report = new QuantizationReport
        {
            Fp32Model = "model.onnx",
            Int8Model = Path.Combine(folder, "model.int8.onnx"),
            Method = "static",
            CalibrationImages = 10,
            CalibrationData = "d",
            FoldedBatchNorms = 1,
            FusedRelus = 1,
            QuantizedNodes = 3,
            KeptFloat = [],
            Fp32 = figures,
            Int8 = figures with { LatencyBatch1Ms = 1.0, LatencyBatch32Ms = 10.0 },
            TestData = "t",
            AccuracyDropPoints = 0.1,
            MaxAccuracyDropPoints = 1,
        };
        QuantizeReportFile.Write(folder, report);

        var decision = QuantizeReportFile.ReadDecision(
            File.ReadAllBytes(Path.Combine(folder, ArtifactNames.QuantizeReport))
        );

        decision.Should().Be(new Int8Decision(true, "model.int8.onnx", report.Choice));
        Directory.Delete(folder, recursive: true);
    }
}
