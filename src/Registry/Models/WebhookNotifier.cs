using System.Text.Json;
using Mlops.Core.Security;

namespace Mlops.Registry.Models;

/// <summary>
/// POSTs every alias move as JSON to a URL, retried with backoff, signed with <paramref name="secret"/> when there is
/// one (<see cref="WebhookSignature"/>; each attempt signed afresh). The move has already happened, so a webhook that
/// stays down is reported as a warning, never as a failed promote.
/// </summary>
public sealed class WebhookNotifier(
    Uri url,
    Action<string> warn,
    string? secret = null,
    int attempts = 4,
    TimeSpan? firstDelay = null
) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly TimeSpan _firstDelay = firstDelay ?? TimeSpan.FromMilliseconds(500);

    public async Task NotifyAsync(AliasEvent move, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(move, RegistryJson.Options);
        var delay = _firstDelay;
        string last = "";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new ByteArrayContent(body),
                };
                request.Content.Headers.ContentType = new("application/json");
                if (secret is not null)
                    request.Headers.Add(
                        WebhookSignature.Header,
                        WebhookSignature.Sign(secret, body, DateTimeOffset.UtcNow)
                    );
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                    return;
                last = $"HTTP {(int)response.StatusCode}";
                if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
                    break; // the receiver refuses: retrying will not help
            }
            catch (Exception error)
                when (error is HttpRequestException or TaskCanceledException
                    && !cancellationToken.IsCancellationRequested
                )
            {
                last = error.Message;
            }
            if (attempt < attempts)
            {
                await Task.Delay(delay, cancellationToken);
                delay *= 2;
            }
        }
        warn(
            $"webhook {url} did not accept the {move.Alias} move of {move.Model} ({last}); the move itself is recorded"
        );
    }

    public void Dispose() => _http.Dispose();
}
