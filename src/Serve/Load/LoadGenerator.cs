using System.Diagnostics;
using System.Globalization;
using System.Net;
using Mlops.Core.Errors;

namespace Mlops.Serve.Load;

/// <summary>What a load test measured.</summary>
public sealed record LoadResult(
    int Requests,
    int Failures,
    TimeSpan Elapsed,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    IReadOnlyDictionary<int, int> StatusCounts
)
{
    public double Throughput => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed-loop load generator: N clients each send a request, wait for the answer, send the next, until the
/// duration or the request count runs out. Loopback targets only: this is for measuring our own server, not others'.
/// Optionally paced to a target rate (requests per second) to measure latency below peak.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        Uri url,
        Func<HttpContent> body,
        int concurrency,
        TimeSpan duration,
        int maxRequests,
        double? ratePerSecond = null,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        if (!url.IsLoopback)
            throw new MlopsException($"load tests run against loopback addresses only, got '{url.Host}'", "--url");
        if (concurrency < 1 || concurrency > 1024)
            throw new MlopsException($"concurrency must be 1..1024, got {concurrency}", "--concurrency");
        if (duration <= TimeSpan.Zero || duration > TimeSpan.FromHours(1))
            throw new MlopsException("duration must be between 0 and 3600 seconds", "--duration");
        if (maxRequests < 1)
            throw new MlopsException("the request count must be at least 1", "--requests");
        if (ratePerSecond is { } target && !(target > 0 && target <= 1_000_000))
            throw new MlopsException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the rate must be above 0 and at most 1000000 requests per second, got {target}"
                ),
                "--rate"
            );

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var latencies = new List<double>[concurrency];
        var statuses = new Dictionary<int, int>();
        var issued = 0;
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var interval = ratePerSecond is { } rate ? Stopwatch.Frequency / rate : 0;

        async Task Client(int index)
        {
            var mine = latencies[index] = [];
            while (!cancellationToken.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > maxRequests || Stopwatch.GetTimestamp() >= end)
                    return;
                if (interval > 0)
                {
                    var due = started + (long)((n - 1) * interval);
                    var wait = due - Stopwatch.GetTimestamp();
                    if (wait > 0)
                        await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
                }

                var sent = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await client.PostAsync(url, body(), cancellationToken);
                    await response.Content.LoadIntoBufferAsync(cancellationToken);
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0; // connection refused or reset
                }

                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                lock (statuses)
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status != (int)HttpStatusCode.OK)
                    Interlocked.Increment(ref failures);
                progress?.Report(Math.Max(Stopwatch.GetElapsedTime(started) / duration, (double)n / maxRequests));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(() => Client(i), cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        if (all.Length == 0)
            throw new MlopsException("no request completed", url.ToString());
        return new LoadResult(
            all.Length,
            failures,
            elapsed,
            Percentile(all, 0.50),
            Percentile(all, 0.90),
            Percentile(all, 0.99),
            statuses
        );
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
