using Mlops.Cli.Jobs;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Mlops.Train.Sweeps.Jobs;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>The train stage's training as a one-task job (`train_job:`): the same planning and task as
/// `mlops train --target`, then the finished run read back from the bucket for the stages after it.</summary>
internal static class TrainOnJobs
{
    public static RunFolder Train(
        PipelineContext context,
        Func<IReadOnlyList<string>, LoadedConfig<TrainConfig>> load,
        CancellationToken cancel
    )
    {
        var section = context.Config.TrainJob;
        var request = new SweepJobsRequest
        {
            Planning = JobPlanning.ForTraining(load, [.. context.Config.TrainOverrides], context.Config.TrainConfig),
            Target = section.Target,
            RunStore = section.Runs!,
            Image = section.Image,
            Parallel = 1,
            Retries = section.Retries,
            TaskTimeout = TimeSpan.FromMinutes(section.TaskTimeoutMinutes),
            Cpu = section.Cpu,
            Memory = section.Memory,
            Gpu = section.Gpu,
            ServiceAccount = section.ServiceAccount,
            Project = section.Project,
            Region = section.Region,
            Endpoint = section.Endpoint,
            ShowProgress = context.ShowProgress,
        };
        var status = SweepOnJobs
            .RunAsync(request, LocalTrainingImage.Build, context.Output, cancel)
            .GetAwaiter()
            .GetResult();
        var trial = status.Trials.Single();
        if (trial.State != TrialState.Completed)
            throw new MlopsException(
                $"the training job ended with its run {trial.State.ToString().ToLowerInvariant()}"
                    + (trial.Message is null ? "" : $": {trial.Message}"),
                $"{section.Runs}/{trial.Run}"
            );
        using var store = RunStore.Open(section.Runs!);
        return store.Find(trial.Run);
    }
}
