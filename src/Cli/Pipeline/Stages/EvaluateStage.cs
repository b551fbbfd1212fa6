using System.Globalization;
using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Data.Datasets;
using Mlops.Onnx;
using Mlops.Onnx.Evaluation;
using Mlops.Train.Runs;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// evaluate: the exported ONNX model (the file that will be served) on held-out data through ONNX Runtime;
/// below evaluate.min_accuracy the pipeline stops here, before anything is registered.
/// </summary>
/// <param name="modelStage">The stage whose "model" value is the file that will be served (quantize, or
/// export).</param>
public sealed class EvaluateStage(string modelStage) : PipelineStage
{
    public const string StageName = "evaluate";
    public const string AccuracyValue = "accuracy";

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn => [modelStage];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
        new Dictionary<string, string>
        {
            ["config"] = SectionHash.Of(context.Config.Evaluate),
            ["data"] = Data.Fingerprints.DatasetFingerprint.ContentOf(
                Spec(context),
                context.Config.Smoke.FashionMnistRoot,
                DataGivenAt(context)
            ),
            ["code"] = Core.Hashing.ContentHash.Combine([
                KeyValuePair.Create("export", CodeVersion.Of<Preprocessing>()),
                KeyValuePair.Create("onnx", CodeVersion.Of<OnnxModelException>()),
            ]),
        };

    public override Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var model = context.Upstream(modelStage).Value(ExportStage.ModelValue, modelStage);
        using var session = OnnxSessions.Open(model);
        var preprocessing = Preprocessing.FromMetadata(session.ModelMetadata.CustomMetadataMap, model);
        var spec = Spec(context);
        var loader = EvaluationData.Open(
            spec,
            preprocessing,
            batchSize: 64,
            subset: context.Config.Evaluate.Images,
            fashionMnistRoot: context.Config.Smoke.FashionMnistRoot,
            where: DataKey,
            dataGivenAt: DataGivenAt(context)
        );
        var result = OnnxEvaluation.Evaluate(
            session,
            loader,
            preprocessing.Labels,
            spec.ToString(),
            model,
            cancellation: cancellation
        );
        // Next to the model, so `registry push` of that folder records accuracy as the version's metric.
        var path = Path.Combine(Path.GetDirectoryName(model)!, ArtifactNames.Evaluation);
        EvaluationReportFile.Write(
            path,
            new EvaluationReport
            {
                Accuracy = result.Accuracy,
                Loss = result.Loss,
                Images = result.Images,
                Data = spec.ToString(),
                Model = Path.GetFileName(model),
            }
        );
        var summary =
            $"accuracy {result.Accuracy.ToString("P1", CultureInfo.InvariantCulture)} on {result.Images} {spec} images";
        if (result.Accuracy < context.Config.Evaluate.MinAccuracy)
            throw new MlopsException(
                $"{summary} is below evaluate.min_accuracy "
                    + $"{context.Config.Evaluate.MinAccuracy.ToString(CultureInfo.InvariantCulture)}: not registered",
                model
            );
        return Task.FromResult(
            new StageResult(
                [path],
                new Dictionary<string, string>
                {
                    [AccuracyValue] = result.Accuracy.ToString("R", CultureInfo.InvariantCulture),
                },
                summary
            )
        );
    }

    private const string DataKey = "evaluate.data";

    private static DatasetSpec Spec(PipelineContext context) =>
        DatasetSpec.Parse(context.Config.Evaluate.Data, DataKey);

    private const string FashionMnistRootKey = "smoke.fashion_mnist_root";

    /// <summary>
    /// Where the data's root was named: "configs/pipeline.yaml:21 (evaluate.data)" for an image folder, the
    /// smoke.fashion_mnist_root line for Fashion-MNIST; null for Fashion-MNIST's default folder (reported by path).
    /// </summary>
    private static string? DataGivenAt(PipelineContext context)
    {
        if (Spec(context).Kind == DatasetKind.ImageFolder)
            return context.Provenance?.Locate(DataKey) ?? DataKey;
        return context.Config.Smoke.FashionMnistRoot is null
            ? null
            : context.Provenance?.Locate(FashionMnistRootKey) ?? FashionMnistRootKey;
    }
}
