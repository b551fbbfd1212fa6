namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>
/// Sits between the client and a real registry: <see cref="Intercept"/> may answer (or fail) a request
/// itself; otherwise the request goes through. Records every request line for assertions.
/// </summary>
public sealed class InterceptingHandler : DelegatingHandler
{
    public InterceptingHandler()
        : base(new SocketsHttpHandler()) { }

    public Func<HttpRequestMessage, HttpResponseMessage?>? Intercept { get; set; }

    public List<string> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        lock (Requests)
            Requests.Add($"{request.Method} {request.RequestUri}");
        var answer = Intercept?.Invoke(request);
        if (answer is not null)
        {
            answer.RequestMessage = request;
            return answer;
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
