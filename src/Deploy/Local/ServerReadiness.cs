using Mlops.Core.Errors;

namespace Mlops.Deploy.Local;

/// <summary>Whether a local server's port is free and its /ready answers, whichever runner started it.</summary>
public static class ServerReadiness
{
    /// <summary>
    /// Waits until nothing listens on the loopback <paramref name="port"/>: a stopped container's port forwarder lets
    /// go
    /// of it a moment after `podman rm` returns, and a server started before then exits at once on "address in use".
    /// </summary>
    public static async Task WaitPortFreeAsync(int port, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellation);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new MlopsException(
                    $"port {port} is still in use after {timeout.TotalSeconds:0} s ({e.Message})",
                    "deploy.port"
                );
            }
        }
    }

    /// <summary>Polls GET {url}/ready until it answers 200; fails early, with <paramref name="logTail"/>, once
    /// <paramref name="isAlive"/> says it ended.</summary>
    public static async Task WaitReadyAsync(
        string url,
        Func<bool> isAlive,
        Func<string> logTail,
        string what,
        string where,
        TimeSpan timeout,
        CancellationToken cancellation
    )
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await IsReadyAsync(http, url, cancellation))
                return;
            if (!isAlive())
                throw new MlopsException($"{what} exited before it was ready:\n{logTail()}", where);
            await Task.Delay(250, cancellation);
        }
        throw new MlopsException(
            $"{what} was not ready within {timeout.TotalSeconds:F0} s:\n{logTail()}",
            $"{url}/ready"
        );
    }

    public static async Task<bool> IsReadyAsync(HttpClient http, string url, CancellationToken cancellation)
    {
        try
        {
            using var response = await http.GetAsync($"{url}/ready", cancellation);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return false; // that one request timed out
        }
    }
}
