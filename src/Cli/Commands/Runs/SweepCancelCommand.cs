using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Cli.Jobs;
using Mlops.Train.Runs.Store;

namespace Mlops.Cli.Commands.Runs;

/// <summary>`mlops sweep cancel &lt;sweep&gt; --runs gs://…`: stops a sweep job's execution (Cloud Run, or the
/// local-jobs controller following it).</summary>
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
            Console.WriteLine(
                execution.Target == Mlops.Deploy.Jobs.CloudRunJobEngine.TargetName
                    ? $"cancelled {execution.Name}"
                    : $"asked the mlops sweep following {execution.Name} to stop its tasks"
            );
            return 0;
        });
        return command;
    }
}
