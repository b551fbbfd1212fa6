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

    public static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string TopLabel(JsonElement prediction) =>
        prediction.GetProperty("top")[0].GetProperty("label").GetString()!;
}
