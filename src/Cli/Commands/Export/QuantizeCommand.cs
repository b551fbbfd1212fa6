using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.Progress;
using Mlops.Data.Datasets;
using Mlops.Export.Quantization;
using Mlops.Train.Runs;
using Spectre.Console;

namespace Mlops.Cli.Commands.Export;

/// <summary>`mlops quantize --model model.onnx --calibration fashion-mnist:train [...]`: static int8 (QDQ) with an
/// accuracy gate.</summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "fp32 ONNX file written by mlops export" };
        var calibration = new Option<string?>("--calibration")
        {
            Description = $"Calibration images ({DatasetSpec.ValidForms}), e.g. fashion-mnist:train",
        };
        var method = new Option<string>("--method")
        {
            Description = "minmax, percentile or entropy",
            DefaultValueFactory = _ => "minmax",
        };
        var size = new Option<int>("--calibration-size")
        {
            Description = "Calibration images used",
            DefaultValueFactory = _ => 512,
        };
        var exclude = new Option<string?>("--exclude") { Description = "Comma-separated node names kept in float" };
        var maxDrop = new Option<double>("--max-accuracy-drop")
        {
            Description = "Largest accepted top-1 drop in points; larger fails and writes no int8 file",
            DefaultValueFactory = _ => 1.0,
        };
        var output = new Option<string?>("--out") { Description = "int8 file (default <model>.int8.onnx)" };
        var test = new Option<string>("--data")
        {
            Description = "Split both models are scored on",
            DefaultValueFactory = _ => "fashion-mnist:test",
        };
        var activations = new Option<string>("--activation-type")
        {
            Description = "uint8 (default: ONNX Runtime fuses it into integer kernels on x86) or int8 (signed)",
            DefaultValueFactory = _ => "uint8",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("quantize", "Static post-training int8 quantization (QDQ) with an accuracy gate")
        {
            model,
            calibration,
            method,
            size,
            exclude,
            maxDrop,
            output,
            test,
            activations,
            json,
        };
        command.SetAction(parseResult =>
        {
            var modelPath = parseResult.GetValue(model)
                ?? throw new MlopsException("missing --model: e.g. --model runs/<name>/model.onnx", "--model");
            var calibrationSpec = parseResult.GetValue(calibration)
                ?? throw new MlopsException(
                    "missing --calibration: e.g. --calibration fashion-mnist:train",
                    "--calibration"
                );
            var methodName = parseResult.GetValue(method)!;
            var parsedMethod = methodName.ToLowerInvariant() switch
            {
                "minmax" => CalibrationMethod.MinMax,
                "percentile" => CalibrationMethod.Percentile,
                "entropy" => CalibrationMethod.Entropy,
                _ => throw new MlopsException(
                    $"unknown method '{methodName}' (known: minmax, percentile, entropy)",
                    "--method"
                ),
            };
            var activationName = parseResult.GetValue(activations)!;
            var activationType = activationName.ToLowerInvariant() switch
            {
                "int8" => ActivationType.Int8,
                "uint8" => ActivationType.UInt8,
                _ => throw new MlopsException(
                    $"unknown activation type '{activationName}' (known: int8, uint8)",
                    "--activation-type"
                ),
            };
            var request = new QuantizeRequest
            {
                ActivationType = activationType,
                ModelPath = modelPath,
                Calibration = DatasetSpec.Parse(calibrationSpec, "--calibration"),
                Method = parsedMethod,
                CalibrationSize = parseResult.GetValue(size),
                Exclude = (parseResult.GetValue(exclude) ?? "")
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .ToHashSet(StringComparer.Ordinal),
                MaxAccuracyDrop = parseResult.GetValue(maxDrop),
                OutputPath = parseResult.GetValue(output),
                TestData = DatasetSpec.Parse(parseResult.GetValue(test)!, "--data"),
            };
            QuantizationReport report;
            // One step per line QuantizeJob logs: calibration, fp32 and int8 scoring and timing, the kernel census (+1
            // second calibration pass).
            using (var progress = ProgressReporter.Start("quantize", parsedMethod == CalibrationMethod.MinMax ? 6 : 7))
            {
                report = QuantizeJob.Run(request, stage =>
                {
                    progress.SetStatus(stage);
                    progress.Advance();
                });
            }
            if (parseResult.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(report, ArtifactJson.Indented));
            else
                Print(report);
            return 0;
        });
        return command;
    }

    private static void Print(QuantizationReport report)
    {
        string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("", "fp32", "int8", "int8 / fp32");
        table.AddRow(
            "size (MB)",
            F(report.Fp32.SizeBytes / 1e6, "F2"),
            F(report.Int8.SizeBytes / 1e6, "F2"),
            F(report.SizeRatio, "F3") + "x"
        );
        table.AddRow(
            $"top-1 ({report.Fp32.TestImages} images)",
            F(report.Fp32.Accuracy * 100, "F2") + "%",
            F(report.Int8.Accuracy * 100, "F2") + "%",
            $"{F(-report.AccuracyDropPoints, "+0.00;-0.00")} points"
        );
        table.AddRow(
            "latency batch 1 (ms)",
            F(report.Fp32.LatencyBatch1Ms, "F3"),
            F(report.Int8.LatencyBatch1Ms, "F3"),
            F(report.SpeedupBatch1, "F2") + "x speed"
        );
        table.AddRow(
            "latency batch 32 (ms)",
            F(report.Fp32.LatencyBatch32Ms, "F2"),
            F(report.Int8.LatencyBatch32Ms, "F2"),
            F(report.SpeedupBatch32, "F2") + "x speed"
        );
        AnsiConsole.Write(table);
        Console.WriteLine(
            $"{report.QuantizedNodes} nodes quantized ({report.FoldedBatchNorms} BatchNorms folded, "
                + $"{report.FusedRelus} ReLUs fused), method {report.Method}, {report.ActivationType} activations, "
                + $"{report.CalibrationImages} calibration images"
        );
        Console.WriteLine($"ONNX Runtime runs: {new KernelCensus(report.OrtInt8Kernels)}");
        if (report.OrtFloatComputeNodes > 0)
            Console.WriteLine(
                $"note: {report.OrtFloatComputeNodes} nodes still compute in float in ONNX Runtime's graph (QDQ "
                    + $"units it did not fuse; on x86 use --activation-type uint8)"
            );
        foreach (var node in report.KeptFloat)
            Console.WriteLine($"kept in float: {node.Name} ({node.OpType}): {node.Reason}");
        Console.WriteLine($"int8 model: {report.Int8Model}");
        Console.WriteLine($"served: {report.Choice}");
    }
}
