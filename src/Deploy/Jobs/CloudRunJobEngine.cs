using Mlops.Deploy.CloudRun;

namespace Mlops.Deploy.Jobs;

/// <summary>Cloud Run Jobs as the engine: one job per sweep (created or updated), one execution per start.</summary>
public sealed class CloudRunJobEngine(CloudRunClient client, string project, string region) : IJobEngine
{
    public const string TargetName = "cloudrun-job";

    public string Target => TargetName;

    /// <summary>The job's full name, checked without a request.</summary>
    public CloudRunJob JobFor(JobSpec spec) => CloudRunJob.Create(project, region, spec.Name);

    public void Validate(JobSpec spec)
    {
        JobFor(spec);
        JobSpecRules.Check(spec, requireRegistryImage: true);
        JobSpecRules.CheckGpuSize(spec);
    }

    public async Task<JobExecution> StartAsync(JobSpec spec, CancellationToken cancel)
    {
        Validate(spec);
        var job = JobFor(spec);
        await client.UpsertJobAsync(job, CloudRunJobJson.Job(spec), cancel);
        return new JobExecution(Target, await client.RunJobAsync(job, CloudRunJobJson.RunOverrides(spec), cancel));
    }

    public Task<JobExecutionStatus> GetAsync(JobExecution execution, CancellationToken cancel) =>
        client.GetExecutionAsync(execution.Name, cancel);

    public Task CancelAsync(JobExecution execution, CancellationToken cancel) =>
        client.CancelExecutionAsync(execution.Name, cancel);

    public void Dispose() { }
}
