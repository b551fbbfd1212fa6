using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Jobs;
using Mlops.Registry.Stores;
using Mlops.Train.Runs.Store;
using Mlops.Train.Sweeps.Jobs;

namespace Mlops.Cli.Jobs;

/// <summary>`mlops sweep cancel &lt;sweep&gt;`: cancels the execution a sweep job started, found next to the job in the
/// run store: a cancel request written beside it (the `mlops sweep` following the execution stops its tasks when it
/// sees it: the only way for local-jobs), and a Cloud Run execution cancelled through the API. Running tasks get
/// SIGTERM and store their checkpoint; finished trials stay.</summary>
public static class SweepCancel
{
    public static async Task<JobExecution> RunAsync(
        string storeUri,
        string sweepId,
        string? endpoint,
        CancellationToken cancel
    )
    {
        using var store = RunStore.Open(storeUri);
        var bucket = store.Bucket("mlops sweep cancel");
        SweepJobFiles.Read(bucket, sweepId);
        var execution = ReadExecution(bucket, sweepId);
        SweepJobFiles.RequestCancel(bucket, sweepId);
        // Cloud Run is told at once: the execution must stop even when nothing follows it any more (a CI runner gone).
        if (execution.Target == CloudRunJobEngine.TargetName)
            await CloudRunConnection.FromEnvironment(endpoint).CancelExecutionAsync(execution.Name, cancel);
        return execution;
    }

    private static JobExecution ReadExecution(IBlobStore bucket, string sweepId)
    {
        var name = $"{SweepJobFiles.Folder}/{sweepId}/execution.json";
        try
        {
            var bytes = bucket.ReadAllBytesAsync(name).GetAwaiter().GetResult();
            return JsonSerializer.Deserialize<JobExecution>(bytes, ArtifactJson.Options)
                ?? throw new MlopsException("empty execution record", $"{bucket.Uri}/{name}");
        }
        catch (BlobNotFoundException)
        {
            throw new MlopsException($"sweep {sweepId} has no execution recorded: it was never started", bucket.Uri);
        }
    }
}
