using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>
/// A local stand-in for the Cloud Run Admin API v2 jobs and executions, checking requests as the v2 reference defines
/// them: jobs.create (jobId, a Job body with only the reference's fields), jobs.get, jobs.patch (etag), jobs.run (an
/// Operation whose metadata is the Execution), executions.get (task counts, completionTime), executions.cancel; Google
/// error bodies. Each poll of an execution moves its tasks on (pending → running → succeeded, or failed for the
/// indexes in <see cref="FailingTasks"/>). Proves our requests and our reading of the documented answers — not Cloud
/// Run's scheduler, retries or quotas.
/// </summary>
public sealed partial class FakeCloudRunJobs : IDisposable
{
    public const string Token = "test-token";

    private static readonly HashSet<string> JobFields = ["labels", "template", "etag", "annotations", "client"];
    private static readonly HashSet<string> ExecutionTemplateFields =
    [
        "taskCount",
        "parallelism",
        "template",
        "labels",
    ];
    private static readonly HashSet<string> TaskTemplateFields =
    [
        "containers",
        "maxRetries",
        "timeout",
        "serviceAccount",
        "nodeSelector",
        "gpuZonalRedundancyDisabled",
        "volumes",
        "executionEnvironment",
    ];
    private static readonly HashSet<string> ContainerFields = ["image", "args", "command", "env", "resources", "name"];
    private static readonly HashSet<string> RunFields = ["validateOnly", "etag", "overrides"];
    private static readonly HashSet<string> OverrideFields = ["containerOverrides", "taskCount", "timeout"];
    private static readonly HashSet<string> ContainerOverrideFields = ["name", "args", "env", "clearArgs"];

    private readonly StandInHttpServer _server;
    private readonly Dictionary<string, JsonObject> _jobs = [];
    private readonly Dictionary<string, Execution> _executions = [];
    private readonly Lock _lock = new();
    private int _counter;

    public FakeCloudRunJobs() =>
        _server = new StandInHttpServer(request =>
        {
            var (status, body) = Handle(request);
            return (status, body.ToJsonString());
        });

    public Uri Endpoint => new($"http://127.0.0.1:{_server.Port}/");

    public List<(string Method, string Path, JsonObject? Body)> Requests { get; } = [];

    /// <summary>Task indexes that fail (after their retries) in every execution.</summary>
    public HashSet<int> FailingTasks { get; } = [];

    public JsonObject? Job(string name)
    {
        lock (_lock)
            return _jobs.TryGetValue(name, out var job) ? (JsonObject)job.DeepClone() : null;
    }

    /// <summary>The arguments every execution's tasks were started with, in the order the executions started.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> ExecutionArguments()
    {
        lock (_lock)
            return
            [
                .. _executions.Values.OrderBy(execution => execution.Name).Select(execution => execution.Arguments),
            ];
    }

    private sealed class Execution(string name, int taskCount, int parallelism)
    {
        public string Name { get; } = name;
        public int TaskCount { get; } = taskCount;
        public int Parallelism { get; } = parallelism;
        public int Started { get; set; }
        public int Running { get; set; }
        public int Succeeded { get; set; }
        public int Failed { get; set; }
        public int Cancelled { get; set; }

        /// <summary>What its tasks run: the run request's override, else the job's template.</summary>
        public IReadOnlyList<string> Arguments { get; init; } = [];
        public bool Complete => Succeeded + Failed + Cancelled == TaskCount;
    }

    private (int, JsonNode) Handle(SeenRequest request)
    {
        var body = request.Body.Length > 0 ? JsonNode.Parse(request.Body)?.AsObject() : null;
        lock (_lock)
        {
            Requests.Add((request.Method, request.PathAndQuery, body));
            if (request.Authorization != $"Bearer {Token}")
                return Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            var name = request.Path.StartsWith("/v2/", StringComparison.Ordinal) ? request.Path["/v2/".Length..] : "";
            return (request.Method, name) switch
            {
                ("POST", _) when name.EndsWith("/jobs", StringComparison.Ordinal) => Create(
                    name,
                    request.QueryValue("jobId"),
                    body
                ),
                ("POST", _) when name.EndsWith(":run", StringComparison.Ordinal) => Run(name[..^":run".Length], body),
                ("POST", _) when name.EndsWith(":cancel", StringComparison.Ordinal) => Cancel(
                    name[..^":cancel".Length]
                ),
                ("GET", _) when name.Contains("/executions/", StringComparison.Ordinal) => Poll(name),
                ("GET", _) when name.Contains("/operations/", StringComparison.Ordinal) => (
                    200,
                    new JsonObject { ["name"] = name, ["done"] = true }
                ),
                ("GET", _) => _jobs.TryGetValue(name, out var job)
                    ? (200, job.DeepClone())
                    : Error(404, "NOT_FOUND", $"Resource '{name}' was not found"),
                ("PATCH", _) => Patch(name, body),
                _ => Error(400, "INVALID_ARGUMENT", "unsupported"),
            };
        }
    }

    private (int, JsonNode) Create(string parent, string? jobId, JsonObject? body)
    {
        if (!ParentPattern().IsMatch(parent))
            return Error(400, "INVALID_ARGUMENT", $"Invalid parent '{parent}'.");
        if (jobId is null || !JobIdPattern().IsMatch(jobId))
            return Error(400, "INVALID_ARGUMENT", $"Invalid job id '{jobId}'.");
        var name = $"{parent}/{jobId}";
        if (_jobs.ContainsKey(name))
            return Error(409, "ALREADY_EXISTS", $"Resource '{name}' already exists.");
        if (Invalid(body) is { } problem)
            return Error(400, "INVALID_ARGUMENT", problem);
        return Commit(name, body!);
    }

    private (int, JsonNode) Patch(string name, JsonObject? body)
    {
        if (!_jobs.TryGetValue(name, out var current))
            return Error(404, "NOT_FOUND", $"Resource '{name}' was not found");
        if (body?["etag"]?.GetValue<string>() is { } etag && etag != current["etag"]!.GetValue<string>())
            return Error(409, "ABORTED", "Conflict for resource: version mismatch");
        if (Invalid(body) is { } problem)
            return Error(400, "INVALID_ARGUMENT", problem);
        return Commit(name, body!);
    }

    private (int, JsonNode) Commit(string name, JsonObject body)
    {
        var job = (JsonObject)body.DeepClone();
        job.Remove("etag");
        job["name"] = name;
        job["etag"] = $"\"{Guid.NewGuid():N}\"";
        _jobs[name] = job;
        return (200, Operation(name, done: true));
    }

    private (int, JsonNode) Run(string job, JsonObject? body)
    {
        if (!_jobs.TryGetValue(job, out var spec))
            return Error(404, "NOT_FOUND", $"Resource '{job}' was not found");
        if (InvalidRun(body) is { } invalid)
            return Error(400, "INVALID_ARGUMENT", invalid);
        var template = spec["template"]!;
        var overrides = body?["overrides"];
        var execution = new Execution(
            $"{job}/executions/{job.Split('/')[^1]}-{++_counter:00000}",
            overrides?["taskCount"]?.GetValue<int>() ?? template["taskCount"]!.GetValue<int>(),
            template["parallelism"]!.GetValue<int>()
        )
        {
            Arguments =
            [
                .. (overrides?["containerOverrides"]?[0]?["args"] ?? template["template"]!["containers"]![0]!["args"])
                    ?.AsArray()
                    .Select(a => a!.GetValue<string>())
                    ?? [],
            ],
        };
        _executions[execution.Name] = execution;
        var operation = Operation(job, done: false);
        operation["metadata"] = Describe(execution);
        return (200, operation);
    }

    private (int, JsonNode) Poll(string name)
    {
        if (!_executions.TryGetValue(name, out var execution))
            return Error(404, "NOT_FOUND", $"Resource '{name}' was not found");
        // Each poll: running tasks end, then new ones start up to the parallelism.
        for (var task = execution.Started - execution.Running; task < execution.Started; task++)
            if (FailingTasks.Contains(task))
                execution.Failed++;
            else
                execution.Succeeded++;
        execution.Running = 0;
        var starting = Math.Min(execution.Parallelism, execution.TaskCount - execution.Started - execution.Cancelled);
        execution.Started += starting;
        execution.Running = starting;
        return (200, Describe(execution));
    }

    private (int, JsonNode) Cancel(string name)
    {
        if (!_executions.TryGetValue(name, out var execution))
            return Error(404, "NOT_FOUND", $"Resource '{name}' was not found");
        execution.Cancelled = execution.TaskCount - execution.Succeeded - execution.Failed;
        execution.Running = 0;
        execution.Started = execution.TaskCount;
        return (200, Operation(name, done: true));
    }

    private static JsonObject Describe(Execution execution)
    {
        var described = new JsonObject
        {
            ["name"] = execution.Name,
            ["taskCount"] = execution.TaskCount,
            ["parallelism"] = execution.Parallelism,
            ["runningCount"] = execution.Running,
            ["succeededCount"] = execution.Succeeded,
            ["failedCount"] = execution.Failed,
            ["cancelledCount"] = execution.Cancelled,
        };
        if (execution.Complete)
        {
            described["completionTime"] = DateTime.UtcNow.ToString("O");
            if (execution.Failed > 0)
                described["conditions"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "Completed",
                        ["state"] = "CONDITION_FAILED",
                        ["message"] = $"Task {execution.Name.Split('-')[^1]} failed: {execution.Failed} tasks failed.",
                    }
                );
        }
        return described;
    }

    /// <summary>The reference's RunJobRequest: validateOnly, etag and overrides (containerOverrides of name, args,
    /// env, clearArgs; taskCount; timeout), nothing else.</summary>
    private static string? InvalidRun(JsonObject? body)
    {
        if (body is null)
            return null;
        if (Unknown(body, RunFields) is { } field)
            return $"Invalid JSON payload received. Unknown name \"{field}\".";
        if (body["overrides"] is not JsonObject overrides)
            return body.ContainsKey("overrides") ? "overrides must be an object" : null;
        if (Unknown(overrides, OverrideFields) is { } o)
            return $"Invalid JSON payload received. Unknown name \"{o}\" at 'overrides'.";
        if (overrides["containerOverrides"] is JsonArray containers)
            foreach (var container in containers)
                if (container is not JsonObject c || Unknown(c, ContainerOverrideFields) is not null)
                    return "Invalid JSON payload received: overrides.container_overrides";
        return null;
    }

    /// <summary>The reference's Job shape: unknown fields are refused as the API refuses them.</summary>
    private static string? Invalid(JsonObject? job)
    {
        if (job is null)
            return "Request contains an invalid argument: no body";
        if (Unknown(job, JobFields) is { } field)
            return $"Invalid JSON payload received. Unknown name \"{field}\" at 'job'.";
        if (job["template"] is not JsonObject execution || Unknown(execution, ExecutionTemplateFields) is { } e)
            return "Invalid JSON payload received: job.template";
        if (execution["taskCount"]?.GetValue<int>() is not (>= 1 and <= 10_000))
            return "job.template.task_count must be between 1 and 10000";
        if (execution["template"] is not JsonObject task || Unknown(task, TaskTemplateFields) is not null)
            return "Invalid JSON payload received: job.template.template";
        if (task["maxRetries"]?.GetValue<int>() is < 0 or > 10)
            return "max_retries must be between 0 and 10";
        if (task["timeout"]?.GetValue<string>() is { } timeout && !DurationPattern().IsMatch(timeout))
            return $"Invalid value at 'job.template.template.timeout' (type.googleapis.com/google.protobuf.Duration)";
        if (task["containers"] is not JsonArray { Count: 1 } containers || containers[0] is not JsonObject container)
            return "exactly one container is expected";
        if (Unknown(container, ContainerFields) is { } c)
            return $"Invalid JSON payload received. Unknown name \"{c}\" at 'job.template.template.containers[0]'.";
        if (container["image"]?.GetValue<string>() is not { Length: > 0 })
            return "job.template.template.containers[0].image is required";
        return null;
    }

    private static string? Unknown(JsonObject json, HashSet<string> known) =>
        json.Select(pair => pair.Key).FirstOrDefault(key => !known.Contains(key));

    private JsonObject Operation(string resource, bool done) =>
        new()
        {
            ["name"] = $"{resource[..resource.IndexOf("/jobs/", StringComparison.Ordinal)]}/operations/op-{++_counter}",
            ["done"] = done,
        };

    private static (int, JsonNode) Error(int code, string status, string message) =>
        (
            code,
            new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = message,
                    ["status"] = status,
                },
            }
        );

    [GeneratedRegex("^projects/[^/]+/locations/[a-z]+-[a-z]+[0-9]+/jobs$")]
    private static partial Regex ParentPattern();

    [GeneratedRegex("^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex(@"^\d+(\.\d{1,9})?s$")]
    private static partial Regex DurationPattern();

    public void Dispose() => _server.Dispose();
}
