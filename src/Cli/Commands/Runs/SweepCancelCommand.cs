using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Cli.Jobs;
using Mlops.Train.Runs.Store;

namespace Mlops.Cli.Commands.Runs;

/// <summary>`mlops sweep cancel &lt;sweep&gt; --runs gs://…`: stops a sweep job's execution on Cloud Run.</summary>
public static class SweepCancelCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep") { Description = "The sweep job's id" };
        var runs = RunStoreOption.Create();
        var endpoint = new Option<string?>("--endpoint")
        {
            Description = "Cloud Run API endpoint (default: $MLOPS_CLOUD_RUN_ENDPOINT, else Google's)",
        };
        var command = new Command("cancel", "Cancel a sweep job's execution (running tasks keep their checkpoint)")
        {
            sweep,
            runs,
            endpoint,
        };
        command.SetAction(parseResult =>
        {
            var execution = SweepCancel
                .RunAsync(
                    RunStore.Resolve(parseResult.GetValue(runs)),
                    parseResult.GetValue(sweep)!,
                    parseResult.GetValue(endpoint),
                    CancellationToken.None
                )
                .GetAwaiter()
                .GetResult();
            Console.WriteLine($"cancelled {execution.Name}");
            return 0;
        });
        return command;
    }
}
