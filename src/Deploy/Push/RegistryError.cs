using System.Net;
using System.Text.Json;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Push;

/// <summary>Turns a registry's refusal into a user error that says what was refused and why.</summary>
internal static class RegistryError
{
    public static async Task<MlopsException> FromAsync(
        HttpResponseMessage response,
        string what,
        CancellationToken cancel
    )
    {
        var url = response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path) ?? "registry";
        var detail = ErrorsOf(await response.Content.ReadAsStringAsync(cancel));
        var status = (int)response.StatusCode;
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => $"the registry refused the credentials (401) while {what}; log in or pass "
                + $"--registry-user/--registry-password",
            HttpStatusCode.Forbidden => $"not allowed (403) while {what}: the account cannot push to this repository",
            HttpStatusCode.NotFound => $"not found (404) while {what}: check the registry host and repository name",
            _ => $"the registry answered {status} while {what}",
        };
        var full = detail is null ? message : $"{message} ({detail})";
        return status == 429 || status >= 500
            ? new RegistryTransientException(full, url)
            : new MlopsException(full, url);
    }

    /// <summary>The distribution error body: {"errors":[{"code":"...","message":"..."}]}.</summary>
    private static string? ErrorsOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
                return null;
            var parts = errors
                .EnumerateArray()
                .Select(e => $"{Text(e, "code")}: {Text(e, "message")}".Trim(' ', ':'))
                .Where(p => p.Length > 0)
                .ToList();
            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? ""
            : "";
}
