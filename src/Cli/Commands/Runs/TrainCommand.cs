using System.CommandLine;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Training;

namespace Mlops.Cli.Commands.Runs;

/// <summary>`mlops train --config file.yaml [key.path=value ...] [--print-config] [--resume runs/name]`.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "Experiment YAML (e.g. configs/quick.yaml)",
        };
        var resume = new Option<string?>("--resume") { Description = "Continue a run folder from its last checkpoint" };
        var printConfig = new Option<bool>("--print-config")
        {
            Description = "Print the resolved config with where each value came from, and stop",
        };
        var overrides = new Argument<string[]>("overrides")
        {
            Description = "key.path=value or group=option",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("train", "Train a ResNet from a YAML config")
        {
            config,
            resume,
            printConfig,
            overrides,
        };
        command.SetAction(parseResult =>
        {
            var configPath = parseResult.GetValue(config);
            var resumePath = parseResult.GetValue(resume);
            var extra = parseResult.GetValue(overrides) ?? [];
            var loaded = LoadConfig(configPath, resumePath, extra);
            if (parseResult.GetValue(printConfig))
            {
                Console.Write(loaded.ToYaml(withSources: true));
                return 0;
            }
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                Console.Error.WriteLine("stopping after this step; resume later with --resume");
                cancellation.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var outcome = Trainer.Run(
                    new TrainRequest
                    {
                        Config = loaded.Value,
                        Provenance = loaded.Provenance,
                        ResolvedYaml = loaded.ToYaml(withSources: false),
                        CommandLine = ["mlops", .. Environment.GetCommandLineArgs().Skip(1)],
                        ResumeFrom = resumePath,
                        SourceFolder = configPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(configPath)),
                    },
                    cancellation.Token
                );
                Console.WriteLine($"run: {outcome.RunPath}");
                return 0;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("interrupted: the last finished epoch's checkpoint is kept");
                return 130;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    private static LoadedConfig<TrainConfig> LoadConfig(string? configPath, string? resumePath, string[] overrides)
    {
        if (resumePath is not null)
        {
            if (configPath is not null)
                throw new MlopsException(
                    "give either --config or --resume: a resumed run uses its own config.yaml",
                    "--resume"
                );
            return ResumeOverrides.Load(resumePath, overrides);
        }
        if (configPath is null)
            throw new MlopsException("missing --config: e.g. mlops train --config configs/quick.yaml", "--config");
        return TrainConfig.Load(configPath, overrides);
    }
}
