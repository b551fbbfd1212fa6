using Mlops.Core.Artifacts;
using Mlops.Data.Datasets;
using Mlops.Export;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>export: <see cref="ExportJob.Run"/> on the run's checkpoint; the model is written only once its parity
/// proof passed.</summary>
public sealed class ExportStage : PipelineStage
{
    public const string StageName = "export";
    public const string ModelValue = "model";

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn => [TrainStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
        new Dictionary<string, string>
        {
            ["config"] = SectionHash.Of(context.Config.Export),
            ["code"] = Core.Hashing.ContentHash.Combine([
                KeyValuePair.Create("export", CodeVersion.Of<ExportRequest>()),
                KeyValuePair.Create("onnx", CodeVersion.Of<Onnx.OnnxModelException>()),
            ]),
        };

    public override Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var output = Path.Combine(context.WorkDir, "model", ArtifactNames.Model);
        var report = ExportJob.Run(
            new ExportRequest
            {
                RunPath = context.Upstream(TrainStage.StageName).Value(TrainStage.RunValue, TrainStage.StageName),
                Checkpoint = context.Config.Export.Checkpoint,
                OutputPath = output,
                ParityImages = context.Config.Export.ParityImages,
                MaxAbsDiff = context.Config.Export.MaxAbsDiff ?? Export.Parity.ParityProof.DefaultMaxAbsDiff,
                ParityData = DatasetSpec.FashionMnist(Data.FashionMnist.FashionMnistSplit.Test),
                FashionMnistRoot = context.Config.Smoke.FashionMnistRoot,
            }
        );
        var reportPath = Path.Combine(Path.GetDirectoryName(output)!, ArtifactNames.ExportReport);
        return Task.FromResult(
            new StageResult(
                [output, reportPath],
                new Dictionary<string, string> { [ModelValue] = output },
                $"{Path.GetRelativePath(context.BaseFolder, output)} ({report.SizeBytes / 1024.0 / 1024.0:F1} MB, "
                    + $"parity max diff {report.Parity.MaxAbsDiff:G2})"
            )
        );
    }
}
