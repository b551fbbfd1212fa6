using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mlops.Core.Errors;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>What the deployed server answered for the smoke image: the model version it serves and its top
/// class.</summary>
public sealed record SmokeAnswer(string Version, string Label, double Probability);

/// <summary>
/// The smoke stage's prediction request: a PNG posted to the server's predict endpoint. A refusal (401/403) is asked
/// again once with an identity token when the caller can make one — a Cloud Run service is private unless someone
/// granted allUsers the invoker role, and the smoke test must work either way.
/// </summary>
public static class SmokeRequest
{
    public static async Task<SmokeAnswer> AskAsync(
        string endpoint,
        byte[] png,
        Func<CancellationToken, Task<string>>? identityToken,
        CancellationToken cancellation
    )
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (status, text) = await PostAsync(http, endpoint, png, null, cancellation);
        bool retried = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && identityToken is not null;
        if (retried)
            (status, text) = await PostAsync(http, endpoint, png, await identityToken!(cancellation), cancellation);
        if ((int)status is < 200 or > 299)
            throw new MlopsException(
                $"the server answered {(int)status}{(retried ? " to a request with an identity token" : "")}: {text}",
                endpoint
            );
        return Read(text, endpoint);
    }

    private static async Task<(HttpStatusCode Status, string Text)> PostAsync(
        HttpClient http,
        string endpoint,
        byte[] png,
        string? bearer,
        CancellationToken cancellation
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(png) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request, cancellation);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellation));
    }

    private static SmokeAnswer Read(string json, string endpoint)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var top = root.GetProperty("predictions")[0].GetProperty("top")[0];
            return new SmokeAnswer(
                root.GetProperty("version").GetString() ?? "",
                top.GetProperty("label").GetString() ?? "",
                top.GetProperty("probability").GetDouble()
            );
        }
        catch (Exception error)
            when (error
                    is JsonException
                        or KeyNotFoundException
                        or InvalidOperationException
                        or IndexOutOfRangeException
            )
        {
            throw new MlopsException($"the server's answer is not a prediction ({error.Message}): {json}", endpoint);
        }
    }
}
