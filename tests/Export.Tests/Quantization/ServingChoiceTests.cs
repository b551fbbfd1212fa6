using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Export.Quantization;
using Mlops.Train.Runs;

namespace Mlops.Export.Tests.Quantization;

/// <summary>int8 is served only when it passed the accuracy gate AND ran faster than fp32 where it was quantized
/// (issue 24, item 6); quantize.json says the choice and why.</summary>
public sealed class ServingChoiceTests
{
    private static QuantizationReport Report(double drop, double fp32Ms, double int8Ms) =>
        new()
        {
            Fp32Model = "model.onnx",
            Int8Model = "model.int8.onnx",
            Method = "minmax",
            CalibrationImages = 64,
            CalibrationData = "fashion-mnist:train",
            FoldedBatchNorms = 0,
            FusedRelus = 0,
            QuantizedNodes = 20,
            KeptFloat = [],
            TestData = "fashion-mnist:test",
            Fp32 = new ModelFigures(4_000_000, 0.90, 500, fp32Ms, fp32Ms * 20),
            Int8 = new ModelFigures(1_000_000, 0.90 - drop / 100, 500, int8Ms, int8Ms * 20),
            AccuracyDropPoints = drop,
            MaxAccuracyDropPoints = 1,
        };

    [Fact]
    public void A_passed_and_faster_int8_model_is_served()
    {
        var report = Report(drop: 0.2, fp32Ms: 2, int8Ms: 1);

        report.ServeInt8.Should().BeTrue();
        report
            .Choice.Should()
            .Be(
                "int8: the gate passed (0.2 points dropped, at most 1) and int8 ran 2.00x at batch 1, 2.00x at batch 32 (faster)"
            );
    }

    [Fact]
    public void A_passed_but_slower_int8_model_leaves_fp32_served_and_says_why()
    {
        var report = Report(drop: 0.2, fp32Ms: 1, int8Ms: 1.25);

        report.Passed.Should().BeTrue();
        report.ServeInt8.Should().BeFalse();
        report
            .Choice.Should()
            .StartWith("fp32: the gate passed")
            .And.Contain("0.80x at batch 1")
            .And.EndWith("(not faster)");
        var json = JsonDocument.Parse(JsonSerializer.Serialize(report, ArtifactJson.Options)).RootElement;
        json.GetProperty("serve_int8").GetBoolean().Should().BeFalse("the server's file choice reads this field");
        json.GetProperty("choice").GetString().Should().Be(report.Choice);
    }

    [Fact]
    public void A_failed_gate_serves_fp32_however_fast_int8_is()
    {
        Report(drop: 3, fp32Ms: 4, int8Ms: 1).ServeInt8.Should().BeFalse();
    }
}
