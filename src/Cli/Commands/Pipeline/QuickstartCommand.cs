using System.CommandLine;
using System.Globalization;
using Mlops.Cli.Pipeline;
using Mlops.Cli.Pipeline.Stages;
using Spectre.Console;

namespace Mlops.Cli.Commands.Pipeline;

/// <summary>
/// `mlops quickstart [key=value ...]`: the whole pipeline on the embedded defaults (short training on a subset,
/// local bucket, OCI tarball, local server, smoke prediction), then the summary and the server's URL.
/// </summary>
public static class QuickstartCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force") { Description = "Run every stage, even unchanged ones" };
        var port = new Option<int?>("--port") { Description = "Port of the local server (default 8080)" };
        var overrides = new Argument<string[]>("overrides")
        {
            Description =
                "Pipeline key=value (e.g. deploy.port=8090); train_config.<key>=value goes to the training config "
                + "(train_config.train.epochs=1)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command(
            "quickstart",
            "The whole pipeline on embedded defaults: train, export, quantize, evaluate, register, image, serve "
                + "(podman when installed, else a process), smoke test"
        )
        {
            force,
            port,
            overrides,
        };
        command.SetAction(
            async (parse, cancellation) =>
            {
                try
                {
                    var (pipelineOverrides, trainOverrides) = Split(parse.GetValue(overrides) ?? []);
                    if (parse.GetValue(port) is { } p)
                        pipelineOverrides.Add($"deploy.port={p.ToString(CultureInfo.InvariantCulture)}");
                    var config = QuickstartDefaults.Pipeline(pipelineOverrides);
                    var baseFolder = Environment.CurrentDirectory;
                    var lockFolder = Path.Combine(baseFolder, config.WorkDir);
                    Directory.CreateDirectory(lockFolder);
                    var outcomes = await PipelineSession.RunAsync(
                        config,
                        lockFolder,
                        baseFolder,
                        extra => QuickstartDefaults.Train([.. trainOverrides, .. extra]),
                        new RunOptions(parse.GetValue(force)),
                        Console.Out,
                        !Console.IsOutputRedirected,
                        cancellation
                    );
                    PipelineSummary.Print(outcomes, Console.Out);
                    var lockFile = PipelineLock.Load(Path.Combine(lockFolder, PipelineLock.FileName));
                    if (lockFile.Find(DeployLocalStage.StageName) is { } deploy)
                    {
                        var url = deploy.Value(DeployLocalStage.UrlValue, DeployLocalStage.StageName);
                        AnsiConsole.MarkupLine(
                            $"server: [bold]{Markup.Escape(url)}[/] (page at /, predict: curl -F file=@image.png "
                                + $"{Markup.Escape(url)}/v1/models/{Markup.Escape(config.ModelName)}/predict)"
                        );
                        if (deploy.Values.GetValueOrDefault(DeployLocalStage.StopValue) is { } stop)
                            AnsiConsole.MarkupLine(
                                $"stop it: {Markup.Escape(stop)} (every local deployment: mlops deploy list)"
                            );
                    }
                    return 0;
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
        return command;
    }

    /// <summary>train_config.* overrides go to the training config (without the prefix), the rest to the pipeline
    /// config.</summary>
    private const string TrainPrefix = "train_config.";

    private static (List<string> Pipeline, List<string> Train) Split(string[] overrides)
    {
        var pipeline = new List<string>();
        var train = new List<string>();
        foreach (var item in overrides)
            if (item.StartsWith(TrainPrefix, StringComparison.Ordinal))
                train.Add(item[TrainPrefix.Length..]);
            else
                pipeline.Add(item);
        return (pipeline, train);
    }
}
