using System.Text.Json;
using Google.Protobuf;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Onnx;
using Mlops.Onnx.Evaluation;
using Mlops.Onnx.Model;
using Mlops.Train.Runs;
using Onnx;

namespace Mlops.Export.Quantization;

/// <summary>
/// fp32 ONNX → Conv+BN fold → calibration → QDQ int8 → both scored on the test split and timed → gate.
/// The int8 file is renamed into place only when the accuracy drop is within the limit.
/// </summary>
public static class QuantizeJob
{
    public const string QuantizationTag = "int8-qdq";

    public static QuantizationReport Run(QuantizeRequest request, Action<string>? log = null)
    {
        if (request.CalibrationSize < 1)
            throw new MlopsException("the calibration size must be at least 1", "--calibration-size");
        if (!(request.MaxAccuracyDrop >= 0))
            throw new MlopsException(
                "the largest accepted accuracy drop must be 0 or more points",
                "--max-accuracy-drop"
            );
        var output = Path.GetFullPath(request.OutputPath ?? Path.ChangeExtension(request.ModelPath, ".int8.onnx"));
        AtomicFile.RefuseFolder(output, "--out");
        var floatModel = OnnxModelFile.Read(request.ModelPath);
        var metadata = floatModel.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        if (metadata.GetValueOrDefault(ModelMetadataKeys.Quantization) is { } tag)
            throw new MlopsException($"this model is already quantized ({tag})", request.ModelPath);
        var preprocessing = Preprocessing.FromMetadata(metadata, request.ModelPath);
        var unknown = request.Exclude.Where(name => floatModel.Graph.Node.All(n => n.Name != name)).ToList();
        if (unknown.Count > 0)
            throw new MlopsException(
                $"no node named {string.Join(", ", unknown.Select(n => $"'{n}'"))} in the model",
                "--exclude"
            );

        var folded = GraphBatchNormFolding.Apply(floatModel);
        log?.Invoke(
            $"calibration: {request.CalibrationSize} images of {request.Calibration}, method "
                + $"{request.Method.ToString().ToLowerInvariant()}"
        );
        var calibration = EvaluationData.Open(
            request.Calibration,
            preprocessing,
            batchSize: 64,
            subset: request.CalibrationSize,
            fashionMnistRoot: request.FashionMnistRoot,
            seed: 1,
            where: "--calibration"
        );
        var ranges = ActivationCalibrator.Calibrate(floatModel, calibration, request.Method, "--calibration", log);
        var (int8Model, summary) = QdqRewriter.Rewrite(floatModel, ranges, request.Exclude, request.ActivationType);
        int8Model.MetadataProps.Add(
            new StringStringEntryProto { Key = ModelMetadataKeys.Quantization, Value = QuantizationTag }
        );

        var fp32Bytes = File.ReadAllBytes(request.ModelPath);
        var int8Bytes = int8Model.ToByteArray();
        var fp32 = Measure("fp32", fp32Bytes, request, preprocessing, log);
        var int8 = Measure("int8", int8Bytes, request, preprocessing, log);
        var kernels = KernelCensus.Of(int8Bytes, "int8 model of " + request.ModelPath);
        log?.Invoke($"int8: ONNX Runtime runs {kernels}");
        var report = new QuantizationReport
        {
            Fp32Model = Path.GetFullPath(request.ModelPath),
            Int8Model = output,
            Method = request.Method.ToString().ToLowerInvariant(),
            ActivationType = request.ActivationType.ToString().ToLowerInvariant(),
            CalibrationImages = calibration.View.Count,
            CalibrationData = request.Calibration.ToString(),
            FoldedBatchNorms = folded,
            FusedRelus = summary.FusedRelus,
            QuantizedNodes = summary.QuantizedNodes,
            KeptFloat = summary.KeptFloat,
            OrtInt8Kernels = kernels.OpCounts,
            OrtFloatComputeNodes = kernels.FloatComputeNodes,
            Fp32 = fp32,
            Int8 = int8,
            TestData = request.TestData.ToString(),
            AccuracyDropPoints = (fp32.Accuracy - int8.Accuracy) * 100,
            MaxAccuracyDropPoints = request.MaxAccuracyDrop,
        };
        Commit(report, int8Model, output);
        return report;
    }

    /// <summary>
    /// The gate: quantize.json is always written; the int8 file only when the drop is within the limit (temp file then
    /// rename, so a failed run never leaves a file that looks good).
    /// </summary>
    public static void Commit(QuantizationReport report, ModelProto int8Model, string output)
    {
        QuantizeReportFile.Write(Path.GetDirectoryName(output)!, report);
        if (!report.Passed)
        {
            // An int8 file left by an earlier run would sit beside a report saying the gate failed: remove it.
            File.Delete(output);
            throw new MlopsException(
                $"int8 top-1 is {report.AccuracyDropPoints:F2} points below fp32 ({report.Int8.Accuracy:P2} vs "
                    + $"{report.Fp32.Accuracy:P2}), more than --max-accuracy-drop "
                    + $"{report.MaxAccuracyDropPoints:F2}; no int8 model written (try --method percentile|entropy or "
                    + $"--exclude the most sensitive nodes)",
                report.Fp32Model
            );
        }
        // The file's own accuracy figure is the int8 one now, as measured on the report's test data.
        var accuracy = int8Model.MetadataProps.FirstOrDefault(p => p.Key == ModelMetadataKeys.TestAccuracy);
        if (accuracy is not null)
            accuracy.Value = report.Int8.Accuracy.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        AtomicFile.WriteAllBytes(output, int8Model.ToByteArray());
    }

    private static ModelFigures Measure(
        string label,
        byte[] model,
        QuantizeRequest request,
        Preprocessing preprocessing,
        Action<string>? log
    )
    {
        using var session = OnnxSessions.Open(model, where: label);
        log?.Invoke($"{label}: scoring on {request.TestData}");
        var loader = EvaluationData.Open(
            request.TestData,
            preprocessing,
            batchSize: 256,
            subset: request.TestSubset,
            fashionMnistRoot: request.FashionMnistRoot
        );
        var result = OnnxEvaluation.Evaluate(session, loader, preprocessing.Labels, request.TestData.ToString(), label);
        log?.Invoke($"{label}: timing batch 1 and 32");
        var batch1 = LatencyMeter.MedianMilliseconds(session, 1, request.LatencyRuns);
        var batch32 = LatencyMeter.MedianMilliseconds(session, 32, Math.Max(3, request.LatencyRuns / 10));
        return new ModelFigures(model.Length, result.Accuracy, result.Images, batch1, batch32);
    }
}
