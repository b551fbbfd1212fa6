using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mlops.Deploy.CloudRun;

/// <summary>The Cloud Run Admin API v2 JSON shapes we send (Service) and read (Service, Operation, Revision).</summary>
public static class CloudRunJson
{
    /// <summary>A Service body: template (revision name, scaling, concurrency, one container) and traffic.</summary>
    public static JsonObject Service(
        ServiceSettings settings,
        string? revisionName,
        IReadOnlyList<TrafficTarget> traffic,
        string? etag,
        IReadOnlyDictionary<string, string>? labels
    )
    {
        var env = new JsonArray();
        foreach (
            var (name, value) in (settings.Environment ?? new Dictionary<string, string>()).OrderBy(
                e => e.Key,
                StringComparer.Ordinal
            )
        )
            env.Add(new JsonObject { ["name"] = name, ["value"] = value });
        var container = new JsonObject
        {
            ["image"] = settings.ImageByDigest,
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = settings.Port }),
            ["env"] = env,
            ["resources"] = new JsonObject
            {
                ["limits"] = new JsonObject { ["cpu"] = settings.Cpu, ["memory"] = settings.Memory },
                ["startupCpuBoost"] = true,
            },
            ["startupProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = settings.StartupProbePath, ["port"] = settings.Port },
                ["initialDelaySeconds"] = 0,
                ["periodSeconds"] = 1,
                ["timeoutSeconds"] = 1,
                ["failureThreshold"] = 30,
            },
        };
        var template = new JsonObject
        {
            ["scaling"] = new JsonObject
            {
                ["minInstanceCount"] = settings.MinInstances,
                ["maxInstanceCount"] = settings.MaxInstances,
            },
            ["maxInstanceRequestConcurrency"] = settings.Concurrency,
            ["containers"] = new JsonArray(container),
        };
        if (revisionName is not null)
            template["revision"] = revisionName;
        if (labels is not null)
            template["labels"] = Labels(labels);
        var service = new JsonObject { ["template"] = template, ["traffic"] = Traffic(traffic) };
        if (labels is not null)
            service["labels"] = Labels(labels);
        if (etag is not null)
            service["etag"] = etag;
        return service;
    }

    public static JsonArray Traffic(IReadOnlyList<TrafficTarget> traffic)
    {
        var array = new JsonArray();
        foreach (var target in traffic)
        {
            var item = new JsonObject
            {
                ["type"] = target.Revision is null ? TrafficTarget.LatestType : TrafficTarget.RevisionType,
            };
            if (target.Revision is not null)
                item["revision"] = target.Revision;
            item["percent"] = target.Percent;
            if (target.Tag is not null)
                item["tag"] = target.Tag;
            array.Add(item);
        }
        return array;
    }

    public static ServiceState ReadService(JsonElement service)
    {
        string? image = null;
        if (
            service.TryGetProperty("template", out var template)
            && template.TryGetProperty("containers", out var containers)
            && containers.ValueKind == JsonValueKind.Array
            && containers.GetArrayLength() > 0
        )
            image = Text(containers[0], "image");
        return new ServiceState(
            Text(service, "name") ?? "",
            Text(service, "uri"),
            Text(service, "etag"),
            ShortName(Text(service, "latestReadyRevision")),
            ShortName(Text(service, "latestCreatedRevision")),
            image,
            ReadTraffic(service, "traffic"),
            ReadTraffic(service, "trafficStatuses")
        )
        {
            Template = CloudRunTemplateJson.ReadSettings(service),
            TemplateUncopyable = CloudRunTemplateJson.Unreproducible(service),
        };
    }

    public static RevisionInfo ReadRevision(JsonElement revision)
    {
        var image =
            revision.TryGetProperty("containers", out var containers)
            && containers.ValueKind == JsonValueKind.Array
            && containers.GetArrayLength() > 0
                ? Text(containers[0], "image")
                : null;
        var ready =
            revision.TryGetProperty("conditions", out var conditions)
            && conditions.ValueKind == JsonValueKind.Array
            && conditions
                .EnumerateArray()
                .Any(c => Text(c, "type") == "Ready" && Text(c, "state") == "CONDITION_SUCCEEDED");
        var labels =
            revision.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object
                ? l.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
                : null;
        return new RevisionInfo(
            ShortName(Text(revision, "name")) ?? "",
            image,
            Text(revision, "createTime"),
            ready,
            labels
        );
    }

    private static IReadOnlyList<TrafficTarget> ReadTraffic(JsonElement service, string property)
    {
        if (!service.TryGetProperty(property, out var traffic) || traffic.ValueKind != JsonValueKind.Array)
            return [];
        return traffic
            .EnumerateArray()
            .Select(t =>
            {
                // A "latest" target names no revision; its status may name the revision it resolved to.
                var revision = Text(t, "revision");
                var percent =
                    t.TryGetProperty("percent", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0;
                return new TrafficTarget(ShortName(revision), percent, Text(t, "tag"), Text(t, "uri"));
            })
            .ToList();
    }

    /// <summary>Revisions are named in full (projects/.../revisions/x) by the API, and by their last segment in
    /// traffic.</summary>
    private static string? ShortName(string? name) => name?[(name.LastIndexOf('/') + 1)..];

    private static JsonObject Labels(IReadOnlyDictionary<string, string> labels)
    {
        var json = new JsonObject();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            json[key] = value;
        return json;
    }

    internal static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
