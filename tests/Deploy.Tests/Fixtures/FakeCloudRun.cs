using System.Text.Json.Nodes;

namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>
/// A local HTTP server answering as the Cloud Run Admin API v2 reference describes: services
/// get/create/patch (updateMask, etag), revisions list, operations polled until done, Google-style
/// error bodies ({"error":{"code","message","status"}}), 404/409/412. Changes apply only when their
/// operation finishes without error, as on Cloud Run. Proves our requests and our handling of the
/// documented answers — not Cloud Run itself.
/// </summary>
public sealed class FakeCloudRun : IDisposable
{
    public const string Token = "test-token";
    private readonly StandInHttpServer _server;
    private readonly Dictionary<string, JsonObject> _services = new();
    private readonly Dictionary<string, List<JsonObject>> _revisions = new();
    private readonly Dictionary<
        string,
        (int PollsLeft, JsonObject? Commit, string ServiceName, string? Error)
    > _operations = new();
    private readonly object _lock = new();
    private int _counter;

    public FakeCloudRun() =>
        _server = new StandInHttpServer(request =>
        {
            var (status, body) = Handle(request);
            return (status, body.ToJsonString());
        });

    public int Port => _server.Port;
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>Polls an operation needs before it reports done.</summary>
    public int PollsBeforeDone { get; set; } = 2;

    /// <summary>When set, the next operation finishes with this error and changes nothing.</summary>
    public string? FailNextOperation { get; set; }

    /// <summary>Number of upcoming PATCHes that find the service changed by someone else (answered with <see cref="ConflictStatus"/>).</summary>
    public int ConcurrentChanges { get; set; }
    public int ConflictStatus { get; set; } = 412;

    public List<(string Method, string Path, JsonObject? Body)> Requests { get; } = [];

    public JsonObject? Service(string name)
    {
        lock (_lock)
            return _services.TryGetValue(name, out var s) ? (JsonObject)s.DeepClone() : null;
    }

    private (int, JsonNode) Handle(SeenRequest request)
    {
        var body = request.Body.Length > 0 ? JsonNode.Parse(request.Body)?.AsObject() : null;
        var path = request.Path;
        lock (_lock)
        {
            Requests.Add((request.Method, request.PathAndQuery, body));
            if (request.Authorization != $"Bearer {Token}")
                return Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            if (!path.StartsWith("/v2/", StringComparison.Ordinal))
                return Error(404, "NOT_FOUND", "unknown path");
            var name = path["/v2/".Length..];
            return (request.Method, name) switch
            {
                ("GET", _) when name.Contains("/operations/") => PollOperation(name),
                ("GET", _) when name.EndsWith("/revisions", StringComparison.Ordinal) => ListRevisions(
                    name[..^"/revisions".Length]
                ),
                ("GET", _) => _services.TryGetValue(name, out var service)
                    ? (200, service.DeepClone())
                    : Error(404, "NOT_FOUND", $"Resource '{name}' was not found"),
                ("POST", _) when name.EndsWith("/services", StringComparison.Ordinal) => Create(
                    $"{name}/{request.QueryValue("serviceId")}",
                    body!
                ),
                ("PATCH", _) => Patch(name, body!, request.QueryValue("updateMask")),
                _ => Error(400, "INVALID_ARGUMENT", "unsupported"),
            };
        }
    }

    private (int, JsonNode) Create(string name, JsonObject spec)
    {
        if (_services.ContainsKey(name))
            return Error(409, "ALREADY_EXISTS", $"Resource '{name}' already exists.");
        var service = new JsonObject
        {
            ["name"] = name,
            ["generation"] = "0",
            ["uri"] = $"https://{name.Split('/')[^1]}-abc123-ew.a.run.app",
        };
        _revisions[name] = [];
        return Apply(name, service, spec, mask: null, isNew: true);
    }

    private (int, JsonNode) Patch(string name, JsonObject spec, string? mask)
    {
        if (!_services.TryGetValue(name, out var current))
            return Error(404, "NOT_FOUND", $"Resource '{name}' was not found");
        if (ConcurrentChanges > 0)
        {
            ConcurrentChanges--;
            current["etag"] = $"\"{Guid.NewGuid():N}\""; // someone else's write landed first
        }
        if (spec["etag"] is { } etag && etag.GetValue<string>() != current["etag"]!.GetValue<string>())
            return ConflictStatus == 412
                ? Error(412, "FAILED_PRECONDITION", "etag mismatch: the service was modified")
                : Error(409, "ABORTED", "Conflict for resource: version mismatch");
        return Apply(name, (JsonObject)current.DeepClone(), spec, mask, isNew: false);
    }

    /// <summary>Validates the change now (400 at once, as the API does) and commits it when its operation finishes.</summary>
    private (int, JsonNode) Apply(string name, JsonObject service, JsonObject spec, string? mask, bool isNew)
    {
        var revisions = _revisions[name];
        string? newRevision = null;
        if (mask is null)
        {
            var template = (JsonObject)spec["template"]!.DeepClone();
            var image = template["containers"]![0]!["image"]!.GetValue<string>();
            var revisionName = template["revision"]?.GetValue<string>()
                ?? $"{name.Split('/')[^1]}-{revisions.Count + 1:00000}-xyz";
            var existing = revisions.FirstOrDefault(r =>
                r["name"]!.GetValue<string>().EndsWith("/" + revisionName, StringComparison.Ordinal)
            );
            if (existing is not null && existing["containers"]![0]!["image"]!.GetValue<string>() != image)
                return Error(
                    409,
                    "ALREADY_EXISTS",
                    $"Revision named '{revisionName}' with different configuration already exists."
                );
            if (existing is null)
                newRevision = revisionName;
            service["template"] = template;
            if (spec["labels"] is { } labels)
                service["labels"] = labels.DeepClone();
        }
        var traffic = (JsonArray)(spec["traffic"]?.DeepClone() ?? new JsonArray());
        var known = revisions.Select(r => r["name"]!.GetValue<string>().Split('/')[^1]).Append(newRevision).ToHashSet();
        if (traffic.Sum(t => t!["percent"]?.GetValue<int>() ?? 0) != 100)
            return Error(400, "INVALID_ARGUMENT", "Traffic percentages must add up to 100.");
        foreach (var target in traffic)
            if (
                target!["type"]!.GetValue<string>().EndsWith("_REVISION", StringComparison.Ordinal)
                && !known.Contains(target["revision"]!.GetValue<string>())
            )
                return Error(
                    400,
                    "INVALID_ARGUMENT",
                    $"Revision '{target["revision"]}' referenced in traffic not found."
                );
        service["traffic"] = traffic;

        var operation = $"{name[..name.IndexOf("/services/", StringComparison.Ordinal)]}/operations/op-{++_counter}";
        var error = FailNextOperation;
        FailNextOperation = null;
        var commit = new JsonObject
        {
            ["service"] = service,
            ["newRevision"] = newRevision,
            ["isNew"] = isNew,
        };
        _operations[operation] = (PollsBeforeDone, commit, name, error);
        return (
            200,
            new JsonObject
            {
                ["name"] = operation,
                ["done"] = false,
                ["metadata"] = new JsonObject { ["@type"] = "type.googleapis.com/google.cloud.run.v2.Service" },
            }
        );
    }

    private (int, JsonNode) PollOperation(string name)
    {
        if (!_operations.TryGetValue(name, out var operation))
            return Error(404, "NOT_FOUND", $"Operation '{name}' not found");
        if (operation.PollsLeft > 1)
        {
            _operations[name] = operation with { PollsLeft = operation.PollsLeft - 1 };
            return (200, new JsonObject { ["name"] = name, ["done"] = false });
        }
        if (operation.Error is not null)
            return (
                200,
                new JsonObject
                {
                    ["name"] = name,
                    ["done"] = true,
                    ["error"] = new JsonObject { ["code"] = 9, ["message"] = operation.Error },
                }
            );
        if (operation.Commit is { } commit)
        {
            Commit(operation.ServiceName, commit);
            _operations[name] = operation with { Commit = null };
        }
        return (
            200,
            new JsonObject
            {
                ["name"] = name,
                ["done"] = true,
                ["response"] = _services[operation.ServiceName].DeepClone(),
            }
        );
    }

    private void Commit(string name, JsonObject commit)
    {
        var service = (JsonObject)commit["service"]!.DeepClone();
        if (commit["newRevision"]?.GetValue<string>() is { } revision)
        {
            _revisions[name]
                .Add(
                    new JsonObject
                    {
                        ["name"] = $"{name}/revisions/{revision}",
                        ["containers"] = service["template"]!["containers"]!.DeepClone(),
                        ["labels"] = service["template"]!["labels"]?.DeepClone(),
                        ["createTime"] = DateTime.UtcNow.ToString("O"),
                        ["conditions"] = new JsonArray(
                            new JsonObject { ["type"] = "Ready", ["state"] = "CONDITION_SUCCEEDED" }
                        ),
                    }
                );
            service["latestCreatedRevision"] = $"{name}/revisions/{revision}";
            service["latestReadyRevision"] = $"{name}/revisions/{revision}";
        }
        var statuses = new JsonArray();
        foreach (var target in service["traffic"]!.AsArray())
        {
            var status = (JsonObject)target!.DeepClone();
            if (status["type"]!.GetValue<string>().EndsWith("_LATEST", StringComparison.Ordinal))
                status["revision"] = service["latestReadyRevision"]!.GetValue<string>().Split('/')[^1];
            if (status["tag"]?.GetValue<string>() is { } tag)
                status["uri"] = $"https://{tag}---{name.Split('/')[^1]}-abc123-ew.a.run.app";
            statuses.Add(status);
        }
        service["trafficStatuses"] = statuses;
        service["etag"] = $"\"{Guid.NewGuid():N}\"";
        service["generation"] = (long.Parse(service["generation"]!.GetValue<string>()) + 1).ToString();
        _services[name] = service;
    }

    private (int, JsonNode) ListRevisions(string service) =>
        _revisions.TryGetValue(service, out var revisions)
            ? (
                200,
                new JsonObject
                {
                    ["revisions"] = new JsonArray(revisions.Select(r => (JsonNode)r.DeepClone()).ToArray()),
                }
            )
            : Error(404, "NOT_FOUND", $"Resource '{service}' was not found");

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

    public void Dispose() => _server.Dispose();
}
