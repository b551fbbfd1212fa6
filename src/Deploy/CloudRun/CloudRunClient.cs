using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlops.Core.Errors;
using Mlops.Deploy.Push;

namespace Mlops.Deploy.CloudRun;

/// <summary>
/// The Cloud Run Admin API v2 over plain HTTP (no client library exists here): services get/create/patch,
/// revisions list, and long-running operations polled until done. 429/5xx are retried.
/// </summary>
public sealed partial class CloudRunClient
{
    public static readonly Uri DefaultEndpoint = new("https://run.googleapis.com/");

    private readonly HttpClient _http;
    private readonly Func<CancellationToken, Task<string>> _accessToken;
    private readonly Uri _endpoint;
    private readonly RetryPolicy _retry;

    /// <param name="accessToken">An OAuth token source (see <see cref="GoogleAccessToken"/>).</param>
    public CloudRunClient(
        Func<CancellationToken, Task<string>> accessToken,
        Uri? endpoint = null,
        HttpMessageHandler? handler = null,
        RetryPolicy? retry = null
    )
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _accessToken = accessToken;
        _endpoint = endpoint ?? DefaultEndpoint;
        _retry = retry ?? RetryPolicy.Default;
    }

    /// <summary>How often a long-running operation is polled, and for how long at most.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The service, or null when it does not exist yet.</summary>
    public async Task<ServiceState?> GetServiceAsync(CloudRunService service, CancellationToken cancel)
    {
        using var response = await SendAsync(HttpMethod.Get, service.Name, null, cancel);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (!response.IsSuccessStatusCode)
            throw await CloudRunError.FromAsync(response, $"reading service {service.Service}", cancel);
        using var json = await ReadJsonAsync(response, cancel);
        return CloudRunJson.ReadService(json.RootElement);
    }

    public async Task<ServiceState> CreateServiceAsync(
        CloudRunService service,
        JsonObject body,
        CancellationToken cancel
    )
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            $"{service.Parent}/services?serviceId={Uri.EscapeDataString(service.Service)}",
            body,
            cancel
        );
        if (!response.IsSuccessStatusCode)
            throw await CloudRunError.FromAsync(response, $"creating service {service.Service}", cancel);
        return await FinishAsync(service, response, "creating", cancel);
    }

    /// <summary>
    /// Updates the service: the fields in <paramref name="updateMask"/> ("traffic"), or the whole service when null.
    /// The body's etag makes it fail (409/412) if someone changed the service meanwhile.
    /// </summary>
    public async Task<ServiceState> UpdateServiceAsync(
        CloudRunService service,
        JsonObject body,
        string? updateMask,
        CancellationToken cancel
    )
    {
        var path = updateMask is null ? service.Name : $"{service.Name}?updateMask={Uri.EscapeDataString(updateMask)}";
        using var response = await SendAsync(HttpMethod.Patch, path, body, cancel);
        if (!response.IsSuccessStatusCode)
            throw await CloudRunError.FromAsync(response, $"updating service {service.Service}", cancel);
        return await FinishAsync(service, response, "updating", cancel);
    }

    public async Task<IReadOnlyList<RevisionInfo>> ListRevisionsAsync(CloudRunService service, CancellationToken cancel)
    {
        var revisions = new List<RevisionInfo>();
        string? pageToken = null;
        do
        {
            var path =
                $"{service.Name}/revisions"
                + (pageToken is null ? "" : $"?pageToken={Uri.EscapeDataString(pageToken)}");
            using var response = await SendAsync(HttpMethod.Get, path, null, cancel);
            if (!response.IsSuccessStatusCode)
                throw await CloudRunError.FromAsync(response, $"listing revisions of {service.Service}", cancel);
            using var json = await ReadJsonAsync(response, cancel);
            if (json.RootElement.TryGetProperty("revisions", out var items))
                revisions.AddRange(items.EnumerateArray().Select(CloudRunJson.ReadRevision));
            pageToken = CloudRunJson.Text(json.RootElement, "nextPageToken");
        } while (!string.IsNullOrEmpty(pageToken));
        return revisions;
    }

    /// <summary>Waits for the operation a create/patch returned, then reads the service as it now is.</summary>
    private async Task<ServiceState> FinishAsync(
        CloudRunService service,
        HttpResponseMessage started,
        string verb,
        CancellationToken cancel
    )
    {
        using (var operation = await ReadJsonAsync(started, cancel))
            await WaitAsync(operation.RootElement, $"{verb} service {service.Service}", cancel);
        return await GetServiceAsync(service, cancel)
            ?? throw new MlopsException($"service {service.Service} is gone right after {verb} it", service.Name);
    }

    private async Task WaitAsync(JsonElement operation, string what, CancellationToken cancel)
    {
        var name = CloudRunJson.Text(operation, "name")
            ?? throw new MlopsException($"Cloud Run returned an operation without a name while {what}");
        var deadline = DateTime.UtcNow + OperationTimeout;
        var current = operation.Clone();
        while (!(current.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True))
        {
            if (DateTime.UtcNow > deadline)
                throw new MlopsException(
                    $"operation {name} did not finish within {OperationTimeout.TotalMinutes:0} minutes while {what}",
                    name
                );
            await Task.Delay(PollInterval, cancel);
            using var response = await SendAsync(HttpMethod.Get, name, null, cancel);
            if (!response.IsSuccessStatusCode)
                throw await CloudRunError.FromAsync(response, $"polling operation {name}", cancel);
            using var json = await ReadJsonAsync(response, cancel);
            current = json.RootElement.Clone();
        }
        if (current.TryGetProperty("error", out var error))
            throw new MlopsException(
                $"Cloud Run failed {what}: {CloudRunJson.Text(error, "message") ?? "unknown error"}"
                    + (error.TryGetProperty("code", out var code) ? $" (code {code})" : ""),
                name
            );
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        JsonObject? body,
        CancellationToken cancel
    )
    {
        var token = await _accessToken(cancel);
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
                await Task.Delay(_retry.DelayBefore(attempt), cancel);
            using var request = new HttpRequestMessage(method, new Uri(_endpoint, $"v2/{path}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancel);
            }
            catch (Exception error)
                when (error is HttpRequestException or IOException
                    || (error is TaskCanceledException && !cancel.IsCancellationRequested)
                )
            {
                if (attempt >= _retry.MaxAttempts)
                    throw new MlopsException(
                        $"could not reach Cloud Run after {attempt} attempt(s): {error.Message}",
                        request.RequestUri?.GetLeftPart(UriPartial.Path),
                        error
                    );
                continue;
            }
            var transient = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            if (transient && attempt < _retry.MaxAttempts)
            {
                response.Dispose();
                continue;
            }
            return response;
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        try
        {
            return await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(cancel),
                cancellationToken: cancel
            );
        }
        catch (JsonException error)
        {
            throw new MlopsException(
                $"Cloud Run answered something that is not JSON: {error.Message}",
                response.RequestMessage?.RequestUri?.ToString()
            );
        }
    }
}
