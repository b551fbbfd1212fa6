namespace Mlops.Deploy.Jobs;

/// <summary>
/// Where a job's tasks run. One implementation per engine (Cloud Run Jobs, podman on this machine); the controller
/// that starts and follows a sweep does not know which it has.
/// </summary>
public interface IJobEngine : IDisposable
{
    /// <summary>"cloudrun-job", "local-jobs": what `--target` names.</summary>
    string Target { get; }

    /// <summary>Refuses a job this engine could not run (a wrong region, an image not by digest) without a request:
    /// called before anything is written or started.</summary>
    void Validate(JobSpec spec);

    /// <summary>Creates or updates the job, then starts one execution of it.</summary>
    Task<JobExecution> StartAsync(JobSpec spec, CancellationToken cancel);

    Task<JobExecutionStatus> GetAsync(JobExecution execution, CancellationToken cancel);

    /// <summary>Stops the execution's running tasks (SIGTERM first: a training task stores its checkpoint).</summary>
    Task CancelAsync(JobExecution execution, CancellationToken cancel);
}

/// <summary>One execution of a job: the engine's name for it (a Cloud Run execution resource name).</summary>
public sealed record JobExecution(string Target, string Name);

/// <summary>How far an execution is, in tasks.</summary>
public sealed record JobExecutionStatus(
    int TaskCount,
    int Running,
    int Succeeded,
    int Failed,
    int Cancelled,
    int Retried,
    bool Done,
    string? Error = null
)
{
    public int Pending => Math.Max(0, TaskCount - Running - Succeeded - Failed - Cancelled);

    public override string ToString() =>
        $"{Succeeded}/{TaskCount} succeeded, {Running} running, {Pending} pending, {Failed} failed"
        + (Cancelled > 0 ? $", {Cancelled} cancelled" : "")
        + (Retried > 0 ? $", {Retried} retried" : "");
}
