using System.Globalization;
using Mlops.Core.Errors;

namespace Mlops.Train.Sweeps.Jobs;

/// <summary>
/// Which task of a job this process is, as the engine says it: Cloud Run Jobs set CLOUD_RUN_TASK_INDEX,
/// CLOUD_RUN_TASK_COUNT and CLOUD_RUN_TASK_ATTEMPT; a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX. The attempt is
/// for the log only: a run's own record counts its attempts.
/// </summary>
public sealed record TaskSlot(int Index, int? Count, int? Attempt, string IndexFrom)
{
    public const string CloudRunIndex = "CLOUD_RUN_TASK_INDEX";
    public const string CloudRunCount = "CLOUD_RUN_TASK_COUNT";
    public const string CloudRunAttempt = "CLOUD_RUN_TASK_ATTEMPT";
    public const string KubernetesIndex = "JOB_COMPLETION_INDEX";

    /// <summary>The slot from <paramref name="given"/> (--task-index) or the engine's variables.</summary>
    public static TaskSlot Resolve(int? given, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var count = Number(environment, CloudRunCount);
        var attempt = Number(environment, CloudRunAttempt);
        if (given is { } index)
            return new TaskSlot(index, count, attempt, "--task-index");
        foreach (var variable in new[] { CloudRunIndex, KubernetesIndex })
            if (Number(environment, variable) is { } fromEngine)
                return new TaskSlot(fromEngine, count, attempt, variable);
        throw new MlopsException(
            $"which trial to train is unknown: give --task-index or run as a job task ({CloudRunIndex} or "
                + $"{KubernetesIndex} set)",
            "--task-index"
        );
    }

    private static int? Number(Func<string, string?> environment, string variable) =>
        environment(variable) switch
        {
            null or "" => null,
            var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) => value,
            var text => throw new MlopsException($"'{text}' is not a task number", variable),
        };
}
