using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Serve.Batching;
using Mlops.Serve.Drift;
using Mlops.Serve.Metrics;
using Mlops.Serve.Models;
using Mlops.Serve.Offline;
using Spectre.Console;

namespace Mlops.Cli.Commands.Serve;

/// <summary>`mlops predict --model ... --input <folder|fashion-mnist:test> --out preds.jsonl`: offline batch
/// prediction.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "A .onnx file or a registry reference (fashion@production)",
            Required = true,
        };
        var input = new Option<string>("--input")
        {
            Description = "Folder of images, or fashion-mnist:test[:N] / fashion-mnist:train[:N]",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "JSONL output (one record per image; usable as a drift reference)",
            Required = true,
        };
        var registry = RegistryStoreOption.Create();
        var batch = new Option<int>("--batch-size")
        {
            Description = "Images per ONNX Runtime call",
            DefaultValueFactory = _ => 64,
        };
        var command = new Command("predict", "Predict a folder of images offline and write JSONL");
        foreach (var option in new Option[] { model, input, output, registry, batch })
            command.Options.Add(option);
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                try
                {
                    Mlops.Core.IO.AtomicFile.RefuseFolder(parse.GetValue(output)!, "--out");
                    var options = new Mlops.Serve.ServeOptions
                    {
                        Models = [parse.GetValue(model)!],
                        Registry = RegistryStoreOption.Resolve(parse, registry),
                    };
                    var (name, source) = ModelSources.Parse(options)[0];
                    var artifact = await source.FetchAsync(cancellationToken);
                    var version = ModelVersion.Load(
                        name,
                        artifact,
                        null,
                        new BatchingOptions(),
                        new ServeMetrics().ObserverFor(name)
                    );
                    try
                    {
                        var inputs = PredictionInputs.Open(parse.GetValue(input)!, options.MaxPixels);
                        var predictor = new OfflinePredictor(version, parse.GetValue(batch));
                        var records = await ProgressBars.CountAsync(
                            $"predict {name}:{version.Version}",
                            inputs.Count,
                            progress =>
                                Task.Run(() => predictor.Run(inputs, progress, cancellationToken), cancellationToken)
                        );
                        DriftFiles.Write(parse.GetValue(output)!, records);
                        Console.WriteLine(
                            $"{records.Count} predictions by {name} version {version.Version} written to "
                                + $"{parse.GetValue(output)}"
                        );
                        return 0;
                    }
                    finally
                    {
                        await version.DrainAsync();
                    }
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
        return command;
    }
}
