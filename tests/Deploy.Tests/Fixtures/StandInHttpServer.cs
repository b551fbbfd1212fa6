using System.Net;
using System.Text;
using System.Web;

namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>One request as a <see cref="StandInHttpServer"/> saw it (Query keeps its leading '?', as Uri.Query).</summary>
public sealed record SeenRequest(
    string Method,
    string Path,
    string Query,
    string? Authorization,
    string ContentType,
    byte[] Body
)
{
    public string PathAndQuery => Path + Query;

    public string? QueryValue(string name) => HttpUtility.ParseQueryString(Query)[name];
}

/// <summary>
/// A loopback HTTP server that answers each request with what the test's handler returns (status, JSON) and records
/// every request it saw — the loop under the stand-ins for Google endpoints (a token endpoint, a private service, the
/// Cloud Run Admin API in <see cref="FakeCloudRun"/>).
/// </summary>
public sealed class StandInHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<SeenRequest, (int Status, string Json)> _handler;
    private readonly List<SeenRequest> _seen = [];

    public StandInHttpServer(Func<SeenRequest, (int Status, string Json)> handler)
    {
        _handler = handler;
        Port = ProcessRunner.FreeLoopbackPort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public IReadOnlyList<SeenRequest> Seen
    {
        get
        {
            lock (_seen)
                return [.. _seen];
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }
            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var url = context.Request.Url!;
                var request = new SeenRequest(
                    context.Request.HttpMethod,
                    url.AbsolutePath,
                    url.Query,
                    context.Request.Headers["Authorization"],
                    context.Request.ContentType ?? "",
                    body.ToArray()
                );
                lock (_seen)
                    _seen.Add(request);
                var (status, json) = _handler(request);
                var bytes = Encoding.UTF8.GetBytes(json);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    // Close alone: Stop then Close makes .NET's managed listener release the port twice, and the second time it binds
    // the port again to look it up — 'Address already in use' when a parallel test process took the freed port between.
    public void Dispose() => _listener.Close();
}
