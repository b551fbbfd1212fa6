using System.CommandLine;
using System.Runtime.InteropServices;
using Mlops.Cli.Commands.Common;
using Mlops.Train.Sweeps.Jobs;

namespace Mlops.Cli.Commands.Runs;

/// <summary>
/// `mlops sweep task &lt;sweep&gt; [--task-index N] --runs gs://...`: what each task of a sweep job runs: the trial its
/// index names, into the run store. SIGTERM (Cloud Run cancelling or timing out a task) stops after the current step
/// with the last epoch's checkpoint stored, so the next attempt resumes there.
/// </summary>
public static class SweepTaskCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep")
        {
            Description = "The sweep job's id, e.g. fashion-lr-20261207-200000",
        };
        var index = new Option<int?>("--task-index")
        {
            Description =
                $"Trial to train, from 0 (default: ${TaskSlot.CloudRunIndex}, else ${TaskSlot.KubernetesIndex})",
        };
        var runs = RunStoreOption.Create();
        var command = new Command("task", "Train one trial of a sweep job (what a job's task runs)")
        {
            sweep,
            index,
            runs,
        };
        command.SetAction(parseResult =>
        {
            var slot = TaskSlot.Resolve(parseResult.GetValue(index));
            using var store = RunStoreOption.Open(parseResult, runs);
            using var cancellation = new CancellationTokenSource();
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Console.Error.WriteLine("SIGTERM: stopping after this step; the next attempt resumes");
                cancellation.Cancel();
            });
            try
            {
                SweepTask.Run(store, parseResult.GetValue(sweep)!, slot, Console.Out, cancellation.Token);
                return 0;
            }
            catch (OperationCanceledException)
            {
                return 143;
            }
        });
        return command;
    }
}
