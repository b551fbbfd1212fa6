using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Mlops.Serve.Tests;

/// <summary>Request builders and JSON reading shared by the API tests.</summary>
internal static class Http
{
    public static MultipartFormDataContent Files(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "file", name);
        }

        return form;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The secret the tests' servers take webhooks with.</summary>
    public const string WebhookSecret = "test-webhook-secret";

    /// <summary>A POST signed as the registry signs its webhooks (now, with <paramref name="secret"/>).</summary>
    public static Task<HttpResponseMessage> PostSigned(
        HttpClient client,
        string path,
        string body,
        string secret = WebhookSecret,
        DateTimeOffset? time = null
    )
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Add(
            Core.Security.WebhookSignature.Header,
            Core.Security.WebhookSignature.Sign(secret, Encoding.UTF8.GetBytes(body), time ?? DateTimeOffset.UtcNow)
        );
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string TopLabel(JsonElement prediction) =>
        prediction.GetProperty("top")[0].GetProperty("label").GetString()!;
}
