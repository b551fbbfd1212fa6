using Microsoft.AspNetCore.Http;
using Mlops.Serve.Batching;
using Mlops.Serve.Errors;

namespace Mlops.Serve.Api;

/// <summary>The per-request deadline joined with the client's disconnect: either cancels the request's queued
/// rows.</summary>
public sealed class RequestTimeout : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;
    private readonly int _timeoutMs;

    private RequestTimeout(HttpContext context, int timeoutMs)
    {
        _timeoutMs = timeoutMs;
        _deadline = new CancellationTokenSource(timeoutMs);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_deadline.Token, context.RequestAborted);
    }

    public CancellationToken Token => _linked.Token;

    public static RequestTimeout Start(HttpContext context, ServeOptions options) =>
        new(context, options.RequestTimeoutMs);

    /// <summary>Runs the work; a deadline hit becomes 504 (a client disconnect stays a cancellation).</summary>
    public async Task<T> Guard<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
        {
            throw new ServeException(504, $"the request did not finish within {_timeoutMs} ms", "request timeout");
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
