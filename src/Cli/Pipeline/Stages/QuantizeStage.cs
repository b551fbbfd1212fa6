using System.Globalization;
using Mlops.Core.Artifacts;
using Mlops.Data.Datasets;
using Mlops.Data.FashionMnist;
using Mlops.Export.Quantization;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// quantize (gate): <see cref="QuantizeJob.Run"/> writes model.int8.onnx beside the fp32 file only when its top-1 drop
/// on evaluate.data stays within quantize.max_accuracy_drop; otherwise the pipeline stops here.
/// </summary>
public sealed class QuantizeStage : PipelineStage
{
    public const string StageName = "quantize";

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn => [ExportStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
        new Dictionary<string, string>
        {
            ["config"] = SectionHash.Of(context.Config.Quantize),
            ["evaluate"] = SectionHash.Of(context.Config.Evaluate),
            ["code"] = CodeVersion.Of<QuantizeRequest>(),
        };

    public override Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var fp32 = context.Upstream(ExportStage.StageName).Value(ExportStage.ModelValue, ExportStage.StageName);
        var report = QuantizeJob.Run(
            new QuantizeRequest
            {
                ModelPath = fp32,
                Calibration = DatasetSpec.FashionMnist(FashionMnistSplit.Train),
                CalibrationSize = context.Config.Quantize.CalibrationImages,
                MaxAccuracyDrop = context.Config.Quantize.MaxAccuracyDrop,
                TestData = DatasetSpec.Parse(context.Config.Evaluate.Data, "evaluate.data"),
                TestSubset = context.Config.Evaluate.Images,
                FashionMnistRoot = context.Config.Smoke.FashionMnistRoot,
                LatencyRuns = 20,
            },
            line => context.Output.WriteLine($"  {line}")
        );
        var reportPath = Path.Combine(Path.GetDirectoryName(report.Int8Model)!, ArtifactNames.QuantizeReport);
        return Task.FromResult(
            new StageResult(
                [report.Int8Model, reportPath],
                new Dictionary<string, string> { [ExportStage.ModelValue] = report.Int8Model },
                $"{Path.GetFileName(report.Int8Model)} "
                    + $"({report.SizeRatio.ToString("P0", CultureInfo.InvariantCulture)} of fp32 size, "
                    + $"top-1 drop {report.AccuracyDropPoints.ToString("F2", CultureInfo.InvariantCulture)} points)"
            )
        );
    }
}
