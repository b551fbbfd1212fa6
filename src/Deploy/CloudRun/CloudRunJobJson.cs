using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlops.Deploy.Jobs;

namespace Mlops.Deploy.CloudRun;

/// <summary>The Admin API v2 Job body we send and the Execution we read.</summary>
public static class CloudRunJobJson
{
    /// <summary>Job {labels, template: ExecutionTemplate {taskCount, parallelism, template: TaskTemplate}}.</summary>
    public static JsonObject Job(JobSpec spec)
    {
        var env = new JsonArray();
        foreach (var (name, value) in spec.Environment.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            env.Add(new JsonObject { ["name"] = name, ["value"] = value });
        var limits = new JsonObject { ["cpu"] = spec.Cpu, ["memory"] = spec.Memory };
        if (spec.Gpu is not null)
            limits["nvidia.com/gpu"] = "1";
        var container = new JsonObject
        {
            ["image"] = spec.Image,
            ["args"] = new JsonArray([.. spec.Arguments.Select(argument => (JsonNode)argument)]),
            ["env"] = env,
            ["resources"] = new JsonObject { ["limits"] = limits },
        };
        var task = new JsonObject
        {
            ["containers"] = new JsonArray(container),
            ["maxRetries"] = spec.MaxRetries,
            ["timeout"] = Duration(spec.TaskTimeout),
        };
        if (spec.ServiceAccount is not null)
            task["serviceAccount"] = spec.ServiceAccount;
        if (spec.Gpu is not null)
        {
            task["nodeSelector"] = new JsonObject { ["accelerator"] = spec.Gpu };
            task["gpuZonalRedundancyDisabled"] = true;
        }
        var labels = new JsonObject();
        foreach (var (key, value) in spec.Labels.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            labels[key] = value;
        return new JsonObject
        {
            ["labels"] = labels,
            ["template"] = new JsonObject
            {
                ["taskCount"] = spec.TaskCount,
                ["parallelism"] = spec.Parallelism,
                ["template"] = task,
            },
        };
    }

    /// <summary>A RunJobRequest's overrides: this execution's arguments (the sweep it runs) and task count, whatever
    /// another sweep has since written into the shared job.</summary>
    public static JsonObject RunOverrides(JobSpec spec) =>
        new()
        {
            ["containerOverrides"] = new JsonArray(
                new JsonObject { ["args"] = new JsonArray([.. spec.Arguments.Select(a => (JsonNode)a)]) }
            ),
            ["taskCount"] = spec.TaskCount,
            ["timeout"] = Duration(spec.TaskTimeout),
        };

    public static JobExecutionStatus ReadExecution(JsonElement execution)
    {
        int Count(string field) =>
            execution.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number
                ? value.GetInt32()
                : 0;
        var completed =
            execution.TryGetProperty("completionTime", out var time) && time.ValueKind == JsonValueKind.String;
        var failure = Conditions(execution)
            .FirstOrDefault(condition => CloudRunJson.Text(condition, "state") == "CONDITION_FAILED");
        return new JobExecutionStatus(
            Count("taskCount"),
            Count("runningCount"),
            Count("succeededCount"),
            Count("failedCount"),
            Count("cancelledCount"),
            Count("retriedCount"),
            completed,
            failure.ValueKind == JsonValueKind.Object ? CloudRunJson.Text(failure, "message") : null
        );
    }

    /// <summary>A protobuf Duration in JSON: seconds with an "s".</summary>
    public static string Duration(TimeSpan span) =>
        ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private static IEnumerable<JsonElement> Conditions(JsonElement execution) =>
        execution.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array
            ? conditions.EnumerateArray()
            : [];
}
