using System.IO.Compression;
using System.Net;
using System.Text;

namespace Mlops.Registry.Tests;

/// <summary>Plays recorded GCS answers in order to the library's HTTP stack and records what it sent.</summary>
public sealed class GcsStubServer(params (int Status, string Body)[] answers) : HttpMessageHandler
{
    public const string SessionUri = "http://stub.invalid/upload/session/1";
    private int _next;

    /// <summary>"METHOD uri" of every request, in order.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Each request's body (gunzipped: the library compresses JSON bodies).</summary>
    public List<string> Bodies { get; } = [];

    /// <summary>Each request's x-goog-hash header, or "".</summary>
    public List<string> Hashes { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        Requests.Add($"{request.Method} {request.RequestUri}");
        Bodies.Add(await BodyOf(request, cancellationToken));
        Hashes.Add(request.Headers.TryGetValues("x-goog-hash", out var hash) ? string.Join(",", hash) : "");
        var (status, body) = answers[Math.Min(_next++, answers.Length - 1)];
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        // A resumable upload's first answer names the session the bytes go to.
        if (request.Method == HttpMethod.Post && status == 200)
            response.Headers.Location = new Uri(SessionUri);
        return response;
    }

    public static async Task<string> BodyOf(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null)
            return "";
        var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!request.Content.Headers.ContentEncoding.Contains("gzip"))
            return Encoding.UTF8.GetString(bytes);
        using var unzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(unzip);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}

/// <summary>Hands the library our handler instead of the network.</summary>
public sealed class StubHttpClientFactory(HttpMessageHandler handler) : Google.Apis.Http.HttpClientFactory
{
    protected override HttpMessageHandler CreateHandler(Google.Apis.Http.CreateHttpClientArgs args) => handler;
}
