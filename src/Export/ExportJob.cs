using System.Text.Json;
using System.Text.Json.Nodes;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Data.Loading;
using Mlops.Export.Parity;
using Mlops.Export.Writer;
using Mlops.Onnx;
using Mlops.Onnx.Evaluation;
using Mlops.Onnx.Model;
using Mlops.Train.Runs;
using Mlops.Train.Training;

namespace Mlops.Export;

/// <summary>
/// Checkpoint → ONNX → parity proof → files. The model is written only after the proof passes (temp file then
/// rename), so a model.onnx next to an export.json is always one that matched libtorch.
/// </summary>
public static class ExportJob
{
    public static ExportReport Run(ExportRequest request)
    {
        var output = Path.GetFullPath(request.OutputPath ?? Path.Combine(request.RunPath, ArtifactNames.Model));
        AtomicFile.RefuseFolder(output, "--out");
        var checkpoint = ResolveCheckpoint(request.RunPath, request.Checkpoint);
        var reportPath = Path.Combine(Path.GetDirectoryName(output)!, ArtifactNames.ExportReport);
        var (model, info) = Checkpoints.LoadModel(checkpoint);
        using (model)
        {
            model.eval();
            var accuracy = ReadTestAccuracy(Path.Combine(request.RunPath, ArtifactNames.Evaluation));
            var proto = OnnxExporter.Build(model, info, accuracy, request.FoldBatchNorm);
            var bytes = OnnxModelFile.ToBytes(proto);
            ParityResult parity;
            using (var session = OnnxSessions.Open(bytes, where: output))
            {
                var (loader, data) = ParityImages(request, checkpoint, info);
                parity = ParityProof.Run(model, session, loader, data, output, request.MaxAbsDiff);
            }
            var report = new ExportReport
            {
                Model = output,
                Run = info.Run,
                Checkpoint = Path.GetFullPath(checkpoint),
                Arch = info.Arch,
                Opset = OnnxModels.DefaultOpset,
                FoldedBatchNorm = request.FoldBatchNorm,
                Nodes = proto.Graph.Node.Count,
                SizeBytes = bytes.Length,
                TestAccuracy = accuracy,
                Parity = parity,
                Metadata = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value),
            };
            ExportReportFile.Write(reportPath, report);
            if (!parity.Passed)
                throw new MlopsException(
                    $"parity proof failed: max |ORT − libtorch| = {parity.MaxAbsDiff:G3} (limit "
                        + $"{parity.MaxAbsDiffLimit:G3}), "
                        + $"{parity.Top1Mismatches} of {parity.Images} top-1 answers differ; no model written "
                        + $"(details in {reportPath})",
                    checkpoint
                );
            AtomicFile.WriteAllBytes(output, bytes);
            return report;
        }
    }

    /// <summary>The data named by --parity-data, else the run's own: a Fashion-MNIST default broke image-folder
    /// runs.</summary>
    private static (DataLoader Loader, string Data) ParityImages(
        ExportRequest request,
        string checkpoint,
        CheckpointInfo info
    )
    {
        if (request.ParityData is { } spec)
        {
            var preprocessing = new Preprocessing(
                info.ImageSize,
                info.InChannels,
                info.NormalizeMean,
                info.NormalizeStd,
                info.ClassNames
            );
            return (
                EvaluationData.Open(
                    spec,
                    preprocessing,
                    batchSize: 64,
                    subset: request.ParityImages,
                    fashionMnistRoot: request.FashionMnistRoot,
                    where: checkpoint
                ),
                spec.ToString()
            );
        }

        var (view, name, _) = RunSplitEvaluation.Cut(
            checkpoint,
            RunSplitEvaluation.Test,
            info.Run,
            info.DataFingerprint,
            "--parity-data",
            "--parity-data"
        );
        var loader = RunSplitEvaluation.InOrder(
            RunSplitEvaluation.Sample(view, request.ParityImages),
            info,
            batchSize: 64
        );
        return (loader, $"{name} split of run {info.Run}");
    }

    public static string ResolveCheckpoint(string runPath, string choice)
    {
        var path = choice switch
        {
            "best" => Path.Combine(runPath, RunFolder.CheckpointsFolder, "best.safetensors"),
            "last" => Path.Combine(runPath, RunFolder.CheckpointsFolder, ArtifactNames.LastCheckpoint),
            _ => choice,
        };
        if (!File.Exists(path))
            throw new MlopsException(
                choice is "best" or "last"
                    ? $"the run has no {choice} checkpoint (is '{runPath}' a run folder written by `mlops train`?)"
                    : "checkpoint file not found",
                path
            );
        return path;
    }

    /// <summary>
    /// evaluation.json's "accuracy" (written by the trainer after its final evaluation); null when absent, or when that
    /// evaluation was not on a test split (an image folder's validation part), so the model file never calls it a test
    /// figure.
    /// </summary>
    public static double? ReadTestAccuracy(string evaluationPath) =>
        EvaluationReportFile.Read(evaluationPath) is { IsTestFigure: true } evaluation ? evaluation.Accuracy : null;
}
