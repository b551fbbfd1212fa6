using System.CommandLine;
using Mlops.Cli.Jobs;
using Mlops.Train.Sweeps.Jobs;

namespace Mlops.Cli.Commands.Runs;

/// <summary>The options of `mlops sweep` that hand the trials to a job engine (--target and what it needs).</summary>
public sealed class SweepTargetOptions
{
    public Option<string?> Target { get; } =
        new("--target")
        {
            Description =
                "Where trials run: in this process (default), local-jobs (podman tasks) or cloudrun-job (Cloud Run "
                + "Jobs)",
        };
    public Option<string?> Image { get; } =
        new("--image")
        {
            Description =
                "Training image: an OCI archive (local-jobs; built when absent) or host/repo@sha256:… (Cloud Run)",
        };
    public Option<string?> Project { get; } = new("--project") { Description = "Google Cloud project (cloudrun-job)" };
    public Option<string?> Region { get; } = new("--region") { Description = "Cloud Run region, e.g. europe-west1" };
    public Option<string?> Endpoint { get; } =
        new("--endpoint")
        {
            Description = "Cloud Run API endpoint (default: $MLOPS_CLOUD_RUN_ENDPOINT, else Google's)",
        };
    public Option<string> Cpu { get; } =
        new("--cpu") { Description = "CPUs per task (also its training threads)", DefaultValueFactory = _ => "2" };
    public Option<string> Memory { get; } =
        new("--memory") { Description = "Memory per task", DefaultValueFactory = _ => "4Gi" };
    public Option<string?> Gpu { get; } =
        new("--gpu") { Description = "A GPU per task of this type, e.g. nvidia-l4 (where the region has them)" };
    public Option<string?> ServiceAccount { get; } =
        new("--service-account") { Description = "The identity tasks run as (default: the engine's)" };
    public Option<int> Retries { get; } =
        new("--retries")
        {
            Description = "Retries of a failed task; a retry resumes its checkpoint",
            DefaultValueFactory = _ => 3,
        };
    public Option<int> TaskTimeoutMinutes { get; } =
        new("--task-timeout") { Description = "Minutes before a task is stopped", DefaultValueFactory = _ => 60 };

    public IEnumerable<Option> All =>
        [Target, Image, Project, Region, Endpoint, Cpu, Memory, Gpu, ServiceAccount, Retries, TaskTimeoutMinutes];

    /// <summary>The request when --target names a job engine; null for an in-process sweep.</summary>
    public SweepJobsRequest? Request(ParseResult parse, Func<JobPlanning> planning, string store, int? parallel) =>
        parse.GetValue(Target) is { } target and not "local"
            ? new SweepJobsRequest
            {
                Planning = planning(),
                Target = target,
                RunStore = store,
                Image = parse.GetValue(Image),
                Parallel = parallel,
                Retries = parse.GetValue(Retries),
                TaskTimeout = TimeSpan.FromMinutes(parse.GetValue(TaskTimeoutMinutes)),
                Cpu = parse.GetValue(Cpu)!,
                Memory = parse.GetValue(Memory)!,
                Gpu = parse.GetValue(Gpu),
                ServiceAccount = parse.GetValue(ServiceAccount),
                Project = parse.GetValue(Project),
                Region = parse.GetValue(Region),
                Endpoint = parse.GetValue(Endpoint),
            }
            : null;
}
