using System.Globalization;
using System.Text;
using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Core.Progress;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Jobs;
using Mlops.Registry.Stores;
using Mlops.Train.Runs.Store;
using Mlops.Train.Sweeps;
using Mlops.Train.Sweeps.Jobs;

namespace Mlops.Cli.Jobs;

/// <summary>
/// A sweep handed to a job engine: every check first (the sweep and its trials' configs, the store being a bucket,
/// the engine accepting the job), then the job planned into the run store, one execution started with a task per
/// trial, and followed — engine's task counts and the store's trials — until it ends. Ctrl+C cancels the execution.
/// </summary>
public static class SweepOnJobs
{
    /// <summary>Variables a local task needs to reach what this machine reaches (the GCS emulator).</summary>
    private static readonly string[] PassedToLocalTasks = ["STORAGE_EMULATOR_HOST", "MLOPS_GCS_CHUNK_MB"];

    public static async Task<SweepJobStatus> RunAsync(
        SweepJobsRequest request,
        Func<SweepJob, TextWriter, string> buildLocalImage,
        TextWriter output,
        CancellationToken cancel
    )
    {
        using var store = RunStore.Open(request.RunStore);
        var bucket = store.Bucket($"--target {request.Target}");
        var planning = request.Planning;
        using var engine = CreateEngine(request);
        var threads = Threads(request.Cpu);
        var trials = planning.TaskCount;
        var spec = new JobSpec
        {
            Name = JobName(planning.Name),
            Image = request.Image ?? "",
            Arguments = [],
            TaskCount = trials,
            Parallelism = request.Parallel ?? planning.Parallel,
            MaxRetries = request.Retries,
            TaskTimeout = request.TaskTimeout,
            Environment = engine is PodmanJobEngine ? PassThrough() : new Dictionary<string, string>(),
            Cpu = request.Cpu,
            Memory = request.Memory,
            Gpu = request.Gpu,
            ServiceAccount = request.ServiceAccount,
            Labels = new Dictionary<string, string> { ["mlops-sweep"] = JobName(planning.Name) },
        };
        JobSpecRules.Check(spec, requireRegistryImage: false);
        if (request.Image is null && engine is not PodmanJobEngine)
            throw new MlopsException(
                "Cloud Run runs a pushed image: give --image <host>/<repository>@sha256:<digest> (the training "
                    + "image, pushed by mlops deploy build --training --push)",
                "--image"
            );
        var planned = planning.Plan(threads);
        if (request.Image is null)
        {
            output.WriteLine("building the training image (no --image given)...");
            spec = spec with { Image = buildLocalImage(planned, output) };
        }
        engine.Validate(spec);
        var job = SweepJobFiles.Create(bucket, planned);
        spec = spec with { Arguments = ["sweep", "task", job.Id, "--runs", store.Uri] };
        output.WriteLine(
            $"sweep {job.Id}: {trials} trials as tasks of job {spec.Name} on {engine.Target}, {spec.Parallelism} at a "
                + $"time, runs in {store.Uri}"
        );
        var starting = System.Diagnostics.Stopwatch.StartNew();
        var execution = await engine.StartAsync(spec, cancel);
        RecordExecution(bucket, job.Id, execution);
        output.WriteLine($"execution: {execution.Name} (started in {starting.Elapsed.TotalSeconds:F1} s)");
        return await FollowAsync(engine, execution, store, job, request, output, cancel);
    }

    /// <summary>Stops the execution's tasks once `mlops sweep cancel` asked for it; false while nobody has.</summary>
    private static async Task<bool> HonourCancelRequestAsync(
        IJobEngine engine,
        JobExecution execution,
        IBlobStore bucket,
        string sweepId,
        TextWriter output
    )
    {
        if (!SweepJobFiles.CancelRequested(bucket, sweepId))
            return false;
        output.WriteLine($"mlops sweep cancel asked to stop {execution.Name}: running tasks store their checkpoint");
        try
        {
            await engine.CancelAsync(execution, CancellationToken.None);
        }
        catch (MlopsException error)
        {
            output.WriteLine($"(the engine had it cancelled already: {error.Message})");
        }
        return true;
    }

    private static async Task<SweepJobStatus> FollowAsync(
        IJobEngine engine,
        JobExecution execution,
        RunStore store,
        SweepJob job,
        SweepJobsRequest request,
        TextWriter output,
        CancellationToken cancel
    )
    {
        using var progress = request.ShowProgress
            ? ProgressReporter.Start($"sweep {job.Id}", job.Trials.Count)
            : ProgressReporter.StartPlain("sweep", job.Trials.Count, TextWriter.Null, TimeSpan.MaxValue);
        var bucket = store.Bucket("a sweep job");
        var cancelSeen = false;
        try
        {
            while (true)
            {
                cancelSeen = cancelSeen || await HonourCancelRequestAsync(engine, execution, bucket, job.Id, output);
                var tasks = await engine.GetAsync(execution, cancel);
                var trials = SweepJobStatus.Read(store, job.Id);
                var finished = tasks.Succeeded + tasks.Failed + tasks.Cancelled;
                progress.SetStatus(tasks.ToString());
                progress.Advance(
                    finished - progress.Done,
                    trials.BestTrial is { } best && trials.Trials[best].Metric is { } value
                        ? [("best " + SweepMetric.Name(job.Metric), value)]
                        : []
                );
                if (tasks.Done)
                {
                    output.WriteLine($"execution {execution.Name} ended: {tasks}");
                    if (tasks.Error is not null)
                        output.WriteLine(tasks.Error);
                    return trials;
                }
                await Task.Delay(request.PollInterval, cancel);
            }
        }
        catch (OperationCanceledException)
        {
            output.WriteLine($"cancelling execution {execution.Name}: running tasks store their last checkpoint");
            await engine.CancelAsync(execution, CancellationToken.None);
            throw;
        }
    }

    private static IJobEngine CreateEngine(SweepJobsRequest request) =>
        request.Target switch
        {
            PodmanJobEngine.TargetName => new PodmanJobEngine(
                Path.Combine(UserFolders.State(), "podman-jobs"),
                Path.Combine(UserFolders.Cache(), "images")
            ),
            CloudRunJobEngine.TargetName => new CloudRunJobEngine(
                CloudRunConnection.FromEnvironment(request.Endpoint),
                request.Project ?? throw new MlopsException("--target cloudrun-job needs --project", "--project"),
                request.Region ?? throw new MlopsException("--target cloudrun-job needs --region", "--region")
            ),
            _ => throw new MlopsException(
                $"unknown target '{request.Target}': use {PodmanJobEngine.TargetName} or "
                    + CloudRunJobEngine.TargetName,
                "--target"
            ),
        };

    /// <summary>One Cloud Run job per sweep name, updated for each sweep started: mlops-sweep-&lt;name&gt;.</summary>
    public static string JobName(string sweepName)
    {
        var cleaned = new string([.. sweepName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        var name = $"mlops-sweep-{cleaned}".TrimEnd('-');
        return name.Length <= 63 ? name : name[..63].TrimEnd('-');
    }

    /// <summary>A task's threads: its CPUs ("2", "4", "1000m").</summary>
    private static int Threads(string cpu) => Math.Max(1, (int)JobSpecRules.Cpus(cpu));

    private static Dictionary<string, string> PassThrough() =>
        PassedToLocalTasks
            .Select(name => (name, value: Environment.GetEnvironmentVariable(name)))
            .Where(entry => entry.value is { Length: > 0 })
            .ToDictionary(entry => entry.name, entry => entry.value!, StringComparer.Ordinal);

    /// <summary>Where the execution runs, next to the job, for `mlops sweep cancel`.</summary>
    private static void RecordExecution(IBlobStore bucket, string sweepId, JobExecution execution) =>
        bucket
            .PutBytesAsync(
                $"{SweepJobFiles.Folder}/{sweepId}/execution.json",
                Encoding.UTF8.GetBytes(JsonSerializer.Serialize(execution, ArtifactJson.Indented)),
                WriteCondition.None
            )
            .GetAwaiter()
            .GetResult();
}
