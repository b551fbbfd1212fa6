using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Cli.Jobs;
using Mlops.Core.Errors;
using Mlops.Train.Runs.Store;
using Mlops.Train.Sweeps;
using Mlops.Train.Sweeps.Jobs;

namespace Mlops.Cli.Commands.Runs;

/// <summary>`mlops sweep --config configs/sweeps/x.yaml [--parallel N] [--resume] [key=value ...]`: grid or random
/// search over training runs.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "Sweep YAML (e.g. configs/sweeps/fashion_lr.yaml)",
        };
        var parallel = new Option<int?>("--parallel")
        {
            Description = "Trials run at the same time (threads are split between them)",
        };
        var resume = new Option<bool>("--resume")
        {
            Description =
                "Continue the newest unfinished sweep of this name: finished trials are kept, an interrupted one "
                + "resumes",
        };
        var runs = RunStoreOption.Create();
        var target = new SweepTargetOptions();
        var overrides = new Argument<string[]>("overrides")
        {
            Description = "Overrides of the sweep file, e.g. budget.max_runs=4",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command(
            "sweep",
            "Grid or random search over training parameters, with a budget and median-rule early termination"
        )
        {
            config,
            parallel,
            resume,
            runs,
            overrides,
        };
        foreach (var option in target.All)
            command.Options.Add(option);
        command.Subcommands.Add(SweepTaskCommand.Create());
        command.Subcommands.Add(SweepStatusCommand.Create());
        command.Subcommands.Add(SweepCancelCommand.Create());
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(config)
                ?? throw new MlopsException(
                    "missing --config: e.g. mlops sweep --config configs/sweeps/fashion_lr.yaml",
                    "--config"
                );
            List<string> sweepOverrides = [.. parseResult.GetValue(overrides) ?? []];
            if (parseResult.GetValue(parallel) is { } n)
                sweepOverrides.Add($"parallel={n}");
            using var cancellation = new CtrlCCancellation(
                "stopping the running trials after their current step; continue later with --resume"
            );
            try
            {
                var store = RunStore.Resolve(parseResult.GetValue(runs));
                var jobs = target.Request(
                    parseResult,
                    () => JobPlanning.ForSweep(path, sweepOverrides),
                    store,
                    parseResult.GetValue(parallel)
                );
                if (jobs is not null && parseResult.GetValue(resume))
                    throw new MlopsException(
                        "--resume continues a sweep run in this process; a job's retried tasks resume their own trials",
                        "--resume"
                    );
                if (jobs is not null)
                    return OnJobs(jobs, cancellation.Token);
                using var runStore =
                    parseResult.GetValue(runs) is null && !RunStoreOption.FromEnvironment
                        ? null
                        : RunStoreOption.Open(parseResult, runs);
                var outcome = SweepRunner.Run(
                    new SweepRequest
                    {
                        SweepFile = path,
                        Overrides = sweepOverrides,
                        Resume = parseResult.GetValue(resume),
                        Store = runStore,
                    },
                    cancellation.Token
                );
                Console.WriteLine($"sweep: {outcome.Folder}");
                return 0;
            }
            catch (OperationCanceledException)
            {
                return 130;
            }
        });
        return command;
    }

    internal static int OnJobs(SweepJobsRequest request, CancellationToken cancel)
    {
        var status = SweepOnJobs
            .RunAsync(request, LocalTrainingImage.Build, Console.Out, cancel)
            .GetAwaiter()
            .GetResult();
        Console.WriteLine(SweepStatusCommand.Summary(status));
        Console.WriteLine($"details: mlops sweep status {status.Job.Id} --runs {request.RunStore}");
        return status.Trials.All(trial => trial.State is TrialState.Completed or TrialState.Pruned) ? 0 : 1;
    }
}
