namespace Mlops.Deploy.Jobs;

/// <summary>
/// A batch job of N identical tasks, as every engine we hand work to understands it (Cloud Run Jobs; podman locally;
/// a Kubernetes Indexed Job or a Vertex AI custom job would read the same): each task is told its index by the engine
/// (CLOUD_RUN_TASK_INDEX, JOB_COMPLETION_INDEX) and is retried on failure up to <see cref="MaxRetries"/> times.
/// </summary>
public sealed record JobSpec
{
    /// <summary>The job's name: a Cloud Run job id (lowercase letters, digits, hyphens, 1-63).</summary>
    public required string Name { get; init; }

    /// <summary>The image: a registry reference by digest (Cloud Run), or a local OCI archive (podman).</summary>
    public required string Image { get; init; }

    /// <summary>Arguments after the image's entrypoint (`sweep task &lt;id&gt; --runs gs://…`).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    public required int TaskCount { get; init; }

    /// <summary>Tasks running at once.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Retries of a failed task (a crash, a preempted instance) before the task counts as failed.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>After this a task is stopped (SIGTERM, then killed) and counts as a failed attempt.</summary>
    public TimeSpan TaskTimeout { get; init; } = TimeSpan.FromHours(1);

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>CPUs and memory of one task, in Cloud Run's spelling ("2", "4Gi").</summary>
    public string Cpu { get; init; } = "2";
    public string Memory { get; init; } = "4Gi";

    /// <summary>A GPU per task of this type (Cloud Run: "nvidia-l4"), where the region offers them.</summary>
    public string? Gpu { get; init; }

    /// <summary>The identity tasks run as; null: the engine's default (for Cloud Run, the project's compute
    /// account).</summary>
    public string? ServiceAccount { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
