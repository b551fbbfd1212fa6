using System.Collections.Concurrent;
using System.Globalization;
using Mlops.Core.Errors;
using Mlops.Deploy.Image;
using Mlops.Deploy.Local;

namespace Mlops.Deploy.Jobs;

/// <summary>
/// `--target local-jobs`: the job's image run as its tasks with podman on this machine, each container given the
/// variables a Cloud Run task gets (CLOUD_RUN_TASK_INDEX/COUNT/ATTEMPT, CLOUD_RUN_JOB, CLOUD_RUN_EXECUTION), at most
/// <see cref="JobSpec.Parallelism"/> at a time, a failed task started again up to <see cref="JobSpec.MaxRetries"/>
/// times, one past its time-out stopped as Cloud Run stops it. Only the control plane is local.
/// </summary>
public sealed class PodmanJobEngine : IJobEngine
{
    public const string TargetName = "local-jobs";

    private readonly PodmanEngine _podman;
    private readonly string _layout;
    private readonly ConcurrentDictionary<string, LocalJobExecution> _executions = new(StringComparer.Ordinal);

    /// <param name="stateFolder">podman's storage for these jobs.</param>
    /// <param name="layout">where the image archive is read to learn its id.</param>
    public PodmanJobEngine(string stateFolder, string layout)
    {
        if (!PodmanEngine.IsAvailable())
            throw new MlopsException(
                "--target local-jobs runs the tasks with podman and runc, which are not installed here (apt-get "
                    + "install podman runc); nothing was started",
                "--target"
            );
        _podman = new PodmanEngine(stateFolder);
        _layout = layout;
    }

    public string Target => TargetName;

    public void Validate(JobSpec spec)
    {
        JobSpecRules.Check(spec, requireRegistryImage: false);
        if (!File.Exists(spec.Image))
            throw new MlopsException("local-jobs runs an OCI image archive, and there is none here", "--image");
    }

    public Task<JobExecution> StartAsync(JobSpec spec, CancellationToken cancel)
    {
        Validate(spec);
        var imageId = OciArchiveReader.Read(spec.Image, new BlobStore(_layout)).Config.Digest.Hex;
        _podman.Load(spec.Image);
        // Unique among executions sharing this podman state: container names are made from it.
        var name =
            $"{spec.Name}-{DateTimeOffset.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture)}-"
            + Guid.NewGuid().ToString("N")[..6];
        var execution = new LocalJobExecution(_podman, spec, imageId, name);
        _executions[name] = execution;
        execution.Start();
        return Task.FromResult(new JobExecution(Target, name));
    }

    public Task<JobExecutionStatus> GetAsync(JobExecution execution, CancellationToken cancel) =>
        Task.FromResult(Find(execution).Status());

    public Task CancelAsync(JobExecution execution, CancellationToken cancel)
    {
        Find(execution).Cancel();
        return Task.CompletedTask;
    }

    /// <summary>The name of the container of a task's attempt (what `podman kill` would name).</summary>
    public static string ContainerName(string execution, int task, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{execution}-t{task}-a{attempt}");

    /// <summary>podman's storage and config, for a test or a user that wants to look inside.</summary>
    public PodmanEngine Podman => _podman;

    public void Dispose()
    {
        foreach (var execution in _executions.Values)
            execution.Cancel();
    }

    private LocalJobExecution Find(JobExecution execution) =>
        _executions.TryGetValue(execution.Name, out var found)
            ? found
            : throw new MlopsException("no such local job execution in this process", execution.Name);
}
