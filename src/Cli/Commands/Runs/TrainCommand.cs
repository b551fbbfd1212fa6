using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Cli.Jobs;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Mlops.Train.Sweeps.Jobs;
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
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue a run (its name in the run store, or a folder) from its last checkpoint",
        };
        var runs = RunStoreOption.Create();
        var target = new SweepTargetOptions();
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
            runs,
            printConfig,
            overrides,
        };
        foreach (var option in target.All)
            command.Options.Add(option);
        command.SetAction(parseResult =>
        {
            var configPath = parseResult.GetValue(config);
            var resumePath = parseResult.GetValue(resume);
            var extra = parseResult.GetValue(overrides) ?? [];
            // A resumed run is found in the store named by --runs; a new one goes where its config says, unless
            // --runs or $MLOPS_RUNS say otherwise.
            var resumeStore = resumePath is null ? null : RunStoreOption.Open(parseResult, runs);
            var resumeFolder = resumePath is null ? null : resumeStore!.OpenForResume(resumePath).Path;
            var loaded = LoadConfig(configPath, resumeFolder, extra);
            if (parseResult.GetValue(printConfig))
            {
                Console.Write(loaded.ToYaml(withSources: true));
                return 0;
            }
            var onJobs = target.Request(
                parseResult,
                () => JobPlanning.ForTraining(configPath!, extra),
                RunStore.Resolve(parseResult.GetValue(runs), loaded.Value.Output.RunsDir),
                parallel: 1
            );
            if (onJobs is not null)
                return resumePath is null
                    ? OnJobsUntilCtrlC(onJobs)
                    : throw new MlopsException("--target trains a new run: a job task resumes its own run", "--target");
            using var store = resumeStore ?? RunStoreOption.Open(parseResult, runs, loaded.Value.Output.RunsDir);
            using var cancellation = new CtrlCCancellation("stopping after this step; resume later with --resume");
            try
            {
                var outcome = Trainer.Run(
                    new TrainRequest
                    {
                        Config = loaded.Value,
                        Provenance = loaded.Provenance,
                        ResolvedYaml = loaded.ToYaml(withSources: true),
                        CommandLine = ["mlops", .. Environment.GetCommandLineArgs().Skip(1)],
                        ResumeFrom = resumePath,
                        Store = store,
                        SourceFolder = configPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(configPath)),
                    },
                    cancellation.Token
                );
                Console.WriteLine($"run: {outcome.RunPath}");
                if (store.InBucket)
                    Console.WriteLine($"stored: {store.Uri}/{outcome.RunName}");
                return 0;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("interrupted: the last finished epoch's checkpoint is kept");
                return 130;
            }
        });
        return command;
    }

    /// <summary>The training as a job, followed until it ends; Ctrl+C cancels the execution (its task keeps its
    /// checkpoint) rather than leaving it running.</summary>
    private static int OnJobsUntilCtrlC(SweepJobsRequest request)
    {
        using var cancellation = new CtrlCCancellation();
        try
        {
            return SweepCommand.OnJobs(request, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
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
