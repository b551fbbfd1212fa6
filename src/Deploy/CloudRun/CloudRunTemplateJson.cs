using System.Text.Json;

namespace Mlops.Deploy.CloudRun;

/// <summary>
/// Reads a service's revision template back into <see cref="ServiceSettings"/> (image, limits, port, probe path,
/// scaling, concurrency, environment), so a new revision of another image can keep everything else the service
/// runs with — a canary started from the console is sized like the revision it is measured against.
/// </summary>
public static class CloudRunTemplateJson
{
    /// <summary>Why a new revision written from <see cref="ReadSettings"/> would lose part of what the service runs
    /// with (a service account, volumes, a VPC connector, commands, sidecars, secrets); null when nothing.</summary>
    public static string? Unreproducible(JsonElement service)
    {
        if (!service.TryGetProperty("template", out var template) || template.ValueKind != JsonValueKind.Object)
            return "the service has no revision template";
        if (CloudRunJson.Text(template, "serviceAccount") is { } account && !IsDefaultComputeAccount(account))
            return $"it runs as service account {account}";
        foreach (var field in new[] { "volumes", "vpcAccess", "encryptionKey", "nodeSelector" })
            if (Present(template, field))
                return $"its template sets {field}";
        if (!template.TryGetProperty("containers", out var containers) || containers.ValueKind != JsonValueKind.Array)
            return "its template has no container";
        if (containers.GetArrayLength() != 1)
            return $"it runs {containers.GetArrayLength()} containers";
        foreach (var field in new[] { "command", "args", "volumeMounts", "workingDir" })
            if (Present(containers[0], field))
                return $"its container sets {field}";
        return TryEnvironment(containers[0], out _) ? null : "its environment takes values from secrets";
    }

    /// <returns>The settings, or null when they cannot be reproduced (<see cref="Unreproducible"/>).</returns>
    public static ServiceSettings? ReadSettings(JsonElement service)
    {
        if (Unreproducible(service) is not null)
            return null;
        if (
            !service.TryGetProperty("template", out var template)
            || !template.TryGetProperty("containers", out var containers)
            || containers.ValueKind != JsonValueKind.Array
            || containers.GetArrayLength() == 0
            || CloudRunJson.Text(containers[0], "image") is not { } image
        )
            return null;
        var container = containers[0];
        if (!TryEnvironment(container, out var environment))
            return null;
        var defaults = new ServiceSettings(image);
        var limits = Path(container, "resources", "limits");
        var scaling = Path(template, "scaling");
        return defaults with
        {
            Cpu = CloudRunJson.Text(limits, "cpu") ?? defaults.Cpu,
            Memory = CloudRunJson.Text(limits, "memory") ?? defaults.Memory,
            Concurrency = Int(template, "maxInstanceRequestConcurrency") ?? defaults.Concurrency,
            MinInstances = Int(scaling, "minInstanceCount") ?? defaults.MinInstances,
            MaxInstances = Int(scaling, "maxInstanceCount") ?? defaults.MaxInstances,
            Port =
                container.TryGetProperty("ports", out var ports)
                && ports.ValueKind == JsonValueKind.Array
                && ports.GetArrayLength() > 0
                    ? Int(ports[0], "containerPort") ?? defaults.Port
                    : defaults.Port,
            StartupProbePath = CloudRunJson.Text(Path(container, "startupProbe", "httpGet"), "path")
                ?? defaults.StartupProbePath,
            Environment = environment,
        };
    }

    private static bool TryEnvironment(JsonElement container, out Dictionary<string, string>? environment)
    {
        environment = null;
        if (!container.TryGetProperty("env", out var env) || env.ValueKind != JsonValueKind.Array)
            return true;
        environment = [];
        foreach (var pair in env.EnumerateArray())
        {
            if (CloudRunJson.Text(pair, "name") is not { } name || CloudRunJson.Text(pair, "value") is not { } value)
                return false;
            environment[name] = value;
        }
        return true;
    }

    private static bool IsDefaultComputeAccount(string account) =>
        account.EndsWith("-compute@developer.gserviceaccount.com", StringComparison.Ordinal);

    /// <summary>A field that is there and not empty.</summary>
    private static bool Present(JsonElement element, string field) =>
        element.TryGetProperty(field, out var value)
        && value.ValueKind switch
        {
            JsonValueKind.Array => value.GetArrayLength() > 0,
            JsonValueKind.Object => value.EnumerateObject().Any(),
            JsonValueKind.String => value.GetString() is { Length: > 0 },
            JsonValueKind.Null or JsonValueKind.Undefined => false,
            _ => true,
        };

    private static JsonElement Path(JsonElement element, params string[] properties)
    {
        foreach (var property in properties)
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out element))
                return default;
        return element;
    }

    private static int? Int(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt32(out var number)
            ? number
            : null;
}
