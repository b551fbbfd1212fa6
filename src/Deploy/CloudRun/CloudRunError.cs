using System.Text.Json;
using Mlops.Core.Errors;

namespace Mlops.Deploy.CloudRun;

/// <summary>Turns an API error ({"error":{"code","message","status"}}) into a user error saying what was
/// refused.</summary>
internal static class CloudRunError
{
    public static async Task<MlopsException> FromAsync(
        HttpResponseMessage response,
        string what,
        CancellationToken cancel
    )
    {
        var where = response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path);
        var status = (int)response.StatusCode;
        var (grpcStatus, detail) = Read(await response.Content.ReadAsStringAsync(cancel));
        var reason = status switch
        {
            401 => "the Google credentials were refused (401)",
            403 => "permission denied (403): the account needs roles/run.developer on the project",
            404 => "not found (404): check the project, region and service",
            409 => $"conflict (409{(grpcStatus is null ? "" : $" {grpcStatus}")})",
            412 => "precondition failed (412): the service changed since it was read",
            _ => $"Cloud Run answered {status}{(grpcStatus is null ? "" : $" {grpcStatus}")}",
        };
        var message = $"{reason} while {what}{(detail is null ? "" : $": {detail}")}";
        return status is 409 or 412
            ? new CloudRunConflictException(message, where, status)
            : new MlopsException(message, where);
    }

    private static (string? Status, string? Message) Read(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("error", out var error))
                return (null, null);
            return (CloudRunJson.Text(error, "status"), CloudRunJson.Text(error, "message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
