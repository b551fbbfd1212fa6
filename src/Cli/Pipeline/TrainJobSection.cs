using System.ComponentModel.DataAnnotations;
using Mlops.Core.Config;
using Mlops.Deploy.Jobs;

namespace Mlops.Cli.Pipeline;

/// <summary>
/// The `train_job:` section: the train stage hands its training to a job engine (`target: cloudrun-job` off the CI
/// runner onto Cloud Run Jobs, or `local-jobs` on podman) writing the run to a bucket run store, and the pipeline
/// goes on with the run read back from there. `in-process` (the default) trains here.
/// </summary>
public sealed class TrainJobSection
{
    public const string InProcess = "in-process";

    public string Target { get; init; } = InProcess;

    /// <summary>The run store the run goes to: a bucket (gs://bucket/prefix/runs) for a job; in-process, any store
    /// (default: the training config's runs_dir).</summary>
    public string? Runs { get; init; }

    /// <summary>The training image: host/repository@sha256:... (Cloud Run); an OCI archive or built
    /// (local-jobs).</summary>
    public string? Image { get; init; }

    public string? Project { get; init; }
    public string? Region { get; init; }
    public string? ServiceAccount { get; init; }
    public string? Endpoint { get; init; }
    public string Cpu { get; init; } = "4";
    public string Memory { get; init; } = "8Gi";
    public string? Gpu { get; init; }

    [Range(0, 10)]
    public int Retries { get; init; } = 3;

    [Range(1, 1440)]
    public int TaskTimeoutMinutes { get; init; } = 120;

    public bool OnJobs => Target != InProcess;

    public IEnumerable<ConfigIssue> Issues()
    {
        if (Target is not (InProcess or PodmanJobEngine.TargetName or CloudRunJobEngine.TargetName))
            yield return new ConfigIssue(
                "train_job.target",
                $"'{Target}' is not a target: use {InProcess}, {PodmanJobEngine.TargetName} or "
                    + CloudRunJobEngine.TargetName
            );
        if (OnJobs && Runs?.StartsWith("gs://", StringComparison.Ordinal) != true)
            yield return new ConfigIssue("train_job.runs", "a training job writes its run to a bucket: gs://…");
        if (Target == CloudRunJobEngine.TargetName && (Project is null || Region is null || Image is null))
            yield return new ConfigIssue(
                "train_job.target",
                "cloudrun-job needs train_job.project, train_job.region and train_job.image (pushed, by digest)"
            );
    }
}
