using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Datasets;
using Mlops.Onnx.Evaluation;
using Mlops.Train.Runs;
using Mlops.Train.Training;
using Spectre.Console;

namespace Mlops.Cli.Commands.Runs;

/// <summary>`mlops eval --checkpoint runs/x/checkpoints/best.safetensors [--split train|val|test] | --model x.onnx
/// [--data fashion-mnist:test]`.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description =
                "A checkpoint written by mlops train (.safetensors); with --runs, <run>/checkpoints/best.safetensors",
        };
        var model = new Option<string?>("--model")
        {
            Description = "An ONNX file written by mlops export or quantize (preprocessing from its metadata)",
        };
        var data = new Option<string?>(DataOption)
        {
            Description = $"Data set to evaluate on ({DatasetSpec.ValidForms}; default {DefaultData})",
        };
        var split = new Option<string?>("--split")
        {
            Description =
                $"With --checkpoint: a split of the checkpoint's own run "
                + $"({string.Join(", ", RunSplitEvaluation.Splits)}), cut as the run cut it",
        };
        var subset = new Option<int?>("--subset")
        {
            Description =
                "Evaluate on only this many images of --data or --split (a class-balanced sample, the same images "
                + "every time)",
        };
        var batch = new Option<int>("--batch-size")
        {
            Description = "Images per forward pass",
            DefaultValueFactory = _ => 500,
        };
        var json = new Option<bool>("--json") { Description = "Print the full result as JSON" };
        var flip = new Option<bool>("--test-time-flip")
        {
            Description =
                "With --checkpoint: average each image's logits with its mirror's, as model.test_time_flip would (to "
                + "see what it gains)",
        };
        var runs = RunStoreOption.Create();
        var command = new Command("eval", "Evaluate a model on a data set split")
        {
            checkpoint,
            model,
            data,
            split,
            subset,
            batch,
            json,
            flip,
            runs,
        };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(checkpoint) is { } given
                ? RunStoreOption.LocalPathInRun(parseResult, runs, given)
                : null;
            var onnx = parseResult.GetValue(model);
            if ((path is null) == (onnx is null))
                throw new MlopsException(
                    "give either --checkpoint (runs/<name>/checkpoints/best.safetensors) or --model (an .onnx file)",
                    "--checkpoint"
                );
            if (onnx is not null && parseResult.GetValue(flip))
                throw new MlopsException(
                    "an ONNX file computes what was exported; --test-time-flip applies to --checkpoint only",
                    "--test-time-flip"
                );
            var splitName = parseResult.GetValue(split);
            var dataText = parseResult.GetValue(data);
            int batchSize = parseResult.InRange(batch, 1, MaxBatchSize);
            int? subsetSize = parseResult.AtLeast(subset, 1);
            bool? testTimeFlip = parseResult.GetValue(flip) ? true : null;
            EvaluationResult result;
            if (splitName is not null)
            {
                CheckSplitAlone(onnx, dataText);
                result = RunSplitEvaluation.Run(path!, splitName, batchSize, testTimeFlip, subsetSize);
            }
            else
            {
                var spec = DatasetSpec.Parse(dataText ?? DefaultData, DataOption);
                // --data names an image folder's root; Fashion-MNIST's missing files are reported by path.
                var dataGivenAt = spec.Kind == DatasetKind.ImageFolder ? DataOption : null;
                result = onnx is not null
                    ? OnnxModelEvaluation.Run(onnx, spec, batchSize, subsetSize, dataGivenAt: dataGivenAt)
                    : CheckpointEvaluation.Run(
                        path!,
                        spec,
                        batchSize,
                        subsetSize,
                        testTimeFlip: testTimeFlip,
                        dataGivenAt: dataGivenAt
                    );
            }
            if (parseResult.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(result, ArtifactJson.Indented));
            else
                Print(result);
            return 0;
        });
        return command;
    }

    private const string DefaultData = "fashion-mnist:test";

    private const string DataOption = "--data";

    /// <summary>The loader allocates its batch buffers up front: 20 million images overflowed, 2 billion ran out of
    /// memory.</summary>
    private const int MaxBatchSize = 4096;

    private static void CheckSplitAlone(string? onnx, string? data)
    {
        if (onnx is not null)
            throw new MlopsException(
                "--split needs --checkpoint (a run's checkpoint knows how its run cut the data); for an ONNX file "
                    + "name the data with --data",
                "--split"
            );
        if (data is not null)
            throw new MlopsException(
                "give either --split (a split of the checkpoint's run) or --data (any data set), not both",
                "--split"
            );
    }

    private static void Print(EvaluationResult result)
    {
        var table = new Table().AddColumns("class", "images", "accuracy");
        foreach (var c in result.PerClass)
            table.AddRow(
                Markup.Escape(c.Name),
                c.Images.ToString(CultureInfo.InvariantCulture),
                c.Accuracy.ToString("P2", CultureInfo.InvariantCulture)
            );
        AnsiConsole.Write(table);
        Console.WriteLine(
            $"{result.Split}: accuracy {result.Accuracy.ToString("P2", CultureInfo.InvariantCulture)} on "
                + $"{result.Images} images, loss {result.Loss.ToString("F4", CultureInfo.InvariantCulture)}"
        );
    }
}
