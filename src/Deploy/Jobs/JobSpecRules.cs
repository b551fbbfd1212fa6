using System.Text.RegularExpressions;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Jobs;

/// <summary>What is wrong with a job before any engine is asked: refused here with the option that set it.</summary>
public static partial class JobSpecRules
{
    /// <summary>Cloud Run Jobs' longest task (7 days).</summary>
    public static readonly TimeSpan MaxTaskTimeout = TimeSpan.FromHours(168);

    public static void Check(JobSpec spec, bool requireRegistryImage)
    {
        if (spec.TaskCount < 1)
            throw new MlopsException($"a job needs at least one task, not {spec.TaskCount}", "--tasks");
        if (spec.Parallelism < 1)
            throw new MlopsException($"--parallel must be at least 1, not {spec.Parallelism}", "--parallel");
        if (spec.MaxRetries is < 0 or > 10)
            throw new MlopsException(
                $"retries must be 0 to 10 (Cloud Run's range), not {spec.MaxRetries}",
                "--retries"
            );
        if (spec.TaskTimeout <= TimeSpan.Zero || spec.TaskTimeout > MaxTaskTimeout)
            throw new MlopsException(
                $"a task's time-out must be above 0 and at most {MaxTaskTimeout.TotalHours:F0} hours (Cloud Run's "
                    + $"limit), not {spec.TaskTimeout}",
                "--task-timeout"
            );
        if (requireRegistryImage && !ImageByDigest().IsMatch(spec.Image))
            throw new MlopsException(
                $"'{spec.Image}' is not an image in a registry by digest (host/repository@sha256:…): Cloud Run runs "
                    + "what a registry holds, pinned so every task runs the same bytes",
                "--image"
            );
        if (spec.ServiceAccount is { } account && !ServiceAccountEmail().IsMatch(account))
            throw new MlopsException(
                $"'{account}' is not a service account email (name@project.iam.gserviceaccount.com)",
                "--service-account"
            );
    }

    /// <summary>A task's CPUs as Cloud Run spells them ("2", "0.5", "1000m"); anything else is refused at --cpu.
    /// </summary>
    public static double Cpus(string cpu)
    {
        var milli = cpu.EndsWith('m');
        return
            double.TryParse(
                milli ? cpu[..^1] : cpu,
                System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture,
                out var value
            )
            && value > 0
            ? (milli ? value / 1000 : value)
            : throw new MlopsException($"'{cpu}' is not a CPU count (e.g. 2, 4, 1000m)", "--cpu");
    }

    /// <summary>Cloud Run gives a GPU only to a task of at least 4 CPUs and 16 GiB: refused here, before the job is
    /// planned, rather than by the API after.</summary>
    public static void CheckGpuSize(JobSpec spec)
    {
        if (spec.Gpu is null)
            return;
        var cpus = Cpus(spec.Cpu);
        var memory = MemoryGiB().Match(spec.Memory) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                * (m.Groups[2].Value == "Mi" ? 1.0 / 1024 : 1)
            : 0;
        if (cpus < 4 || memory < 16)
            throw new MlopsException(
                $"a task with a GPU ({spec.Gpu}) needs at least 4 CPUs and 16Gi on Cloud Run, not {spec.Cpu} and "
                    + $"{spec.Memory}: add --cpu 4 --memory 16Gi",
                "--gpu"
            );
    }

    [GeneratedRegex(@"^([0-9.]+)(Gi|Mi)$")]
    private static partial Regex MemoryGiB();

    [GeneratedRegex(@"^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$")]
    private static partial Regex ImageByDigest();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{4,28}[a-z0-9]@([a-z0-9-]+\.iam|developer)\.gserviceaccount\.com$")]
    private static partial Regex ServiceAccountEmail();
}
