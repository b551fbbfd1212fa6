using Mlops.Train.Sweeps.Jobs;

namespace Mlops.Cli.Jobs;

/// <summary>`mlops sweep|train --target local-jobs|cloudrun-job`: trials run as a job's tasks.</summary>
public sealed record SweepJobsRequest
{
    /// <summary>The sweep (or the one training) to plan.</summary>
    public required JobPlanning Planning { get; init; }

    /// <summary>local-jobs or cloudrun-job.</summary>
    public required string Target { get; init; }

    /// <summary>The run store the tasks write to: a bucket (gs://…).</summary>
    public required string RunStore { get; init; }

    /// <summary>The training image: an OCI archive for local-jobs (built when null), a registry reference by digest
    /// for cloudrun-job.</summary>
    public string? Image { get; init; }

    /// <summary>Tasks at once; null: the planning's (the sweep file's parallel).</summary>
    public int? Parallel { get; init; }
    public int Retries { get; init; } = 3;
    public TimeSpan TaskTimeout { get; init; } = TimeSpan.FromHours(1);
    public string Cpu { get; init; } = "2";
    public string Memory { get; init; } = "4Gi";
    public string? Gpu { get; init; }
    public string? ServiceAccount { get; init; }
    public string? Project { get; init; }
    public string? Region { get; init; }

    /// <summary>The Cloud Run API endpoint (a stand-in in tests); null: $MLOPS_CLOUD_RUN_ENDPOINT, else
    /// Google's.</summary>
    public string? Endpoint { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
    public bool ShowProgress { get; init; } = true;
}
