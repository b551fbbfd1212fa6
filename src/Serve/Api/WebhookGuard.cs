using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Mlops.Core.Security;
using Mlops.Serve.Errors;

namespace Mlops.Serve.Api;

/// <summary>
/// Lets a state-changing webhook through only when it carries a valid <see cref="WebhookSignature"/> made with the
/// server's secret, and has not been accepted before. Without a secret the endpoints are off (403), never open: a
/// server reachable on a network must not reload models for anyone who asks. Hot reload by polling still works.
/// </summary>
public sealed class WebhookGuard(ServeOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accepted = new(StringComparer.Ordinal);

    public void Check(HttpContext context, byte[] body)
    {
        if (options.WebhookSecret is not { } secret)
            throw new ServeException(
                403,
                $"webhooks are off on this server: start it with ${WebhookSignature.SecretVariable} set (and the "
                    + "registry sending them with the same secret)",
                WebhookSignature.Header
            );
        var header = context.Request.Headers[WebhookSignature.Header].ToString();
        var now = time.GetUtcNow();
        if (WebhookSignature.Problem(secret, header, body, now) is { } problem)
            throw new ServeException(401, problem, WebhookSignature.Header);
        Forget(now - 2 * WebhookSignature.Tolerance);
        if (!_accepted.TryAdd(header, now))
            throw new ServeException(
                401,
                "this signed request was accepted before: a replay is refused",
                WebhookSignature.Header
            );
    }

    private void Forget(DateTimeOffset before)
    {
        foreach (var (signature, at) in _accepted)
            if (at < before)
                _accepted.TryRemove(signature, out _);
    }
}
