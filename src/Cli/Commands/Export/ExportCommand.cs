using System.CommandLine;
using System.Globalization;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Datasets;
using Mlops.Export;

namespace Mlops.Cli.Commands.Export;

/// <summary>`mlops export --run runs/name [--checkpoint best|last|path] [--out model.onnx]`: ONNX plus its parity
/// proof.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var run = new Option<string?>("--run")
        {
            Description = "Run folder written by mlops train (runs/<name>), or a run's name with --runs",
        };
        var runs = RunStoreOption.Create();
        var checkpoint = new Option<string>("--checkpoint")
        {
            Description = "best, last or a .safetensors path",
            DefaultValueFactory = _ => "best",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Where to write the .onnx file (default runs/<name>/model.onnx)",
        };
        var noFold = new Option<bool>("--no-fold-batchnorm")
        {
            Description = "Keep BatchNormalization nodes instead of folding them into the convolutions",
        };
        var parityData = new Option<string?>("--parity-data")
        {
            Description =
                $"Images for the ORT vs libtorch proof ({DatasetSpec.ValidForms}; default: the run's own "
                + "test split, or its validation part when its data has no test split)",
        };
        var parityImages = new Option<int>("--parity-images")
        {
            Description = "How many images the proof runs on (at least 256)",
            DefaultValueFactory = _ => 256,
        };
        var command = new Command("export", "Export a trained run to ONNX (opset 17) and prove it matches libtorch")
        {
            run,
            checkpoint,
            output,
            noFold,
            parityData,
            parityImages,
            runs,
        };
        command.SetAction(parseResult =>
        {
            var runPath = RunStoreOption.LocalPathInRun(
                parseResult,
                runs,
                parseResult.GetValue(run) ?? throw new MlopsException("missing --run: e.g. --run runs/<name>", "--run")
            );
            var images = parseResult.GetValue(parityImages);
            if (images < 256)
                throw new MlopsException(
                    $"the parity proof needs at least 256 images, got {images}",
                    "--parity-images"
                );
            var report = ExportJob.Run(
                new ExportRequest
                {
                    RunPath = runPath,
                    Checkpoint = parseResult.GetValue(checkpoint)!,
                    OutputPath = parseResult.GetValue(output),
                    FoldBatchNorm = !parseResult.GetValue(noFold),
                    ParityData = parseResult.GetValue(parityData) is { } given
                        ? DatasetSpec.Parse(given, "--parity-data")
                        : null,
                    ParityImages = images,
                }
            );
            var p = report.Parity;
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"parity ({p.Images} images of {p.Data}): max |ORT - libtorch| = {p.MaxAbsDiff:G3} (limit "
                        + $"{p.MaxAbsDiffLimit:G3}), top-1 mismatches {p.Top1Mismatches}: passed"
                )
            );
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"model: {report.Model} ({report.Nodes} nodes, {report.SizeBytes / 1e6:F1} MB, opset "
                        + $"{report.Opset}); proof in "
                        + $"{Path.Combine(Path.GetDirectoryName(report.Model)!, ArtifactNames.ExportReport)}"
                )
            );
            return 0;
        });
        return command;
    }
}
