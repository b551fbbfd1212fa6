using System.Diagnostics;
using Mlops.Serve.Load;
using Mlops.Serve.Models;

namespace Mlops.Bench.Serve;

/// <summary>
/// Batch-1 latency of the HTTP server against in-process ORT, one call of each in turn, so both see the same
/// machine at the same moment (other work on the cores inflates both, not their difference).
/// </summary>
internal static class Interleaved
{
    public sealed record Batch1(double OrtP50, double DecodeOrtP50, double HttpP50, int Failures)
    {
        public double OverheadMs => HttpP50 - OrtP50;
    }

    /// <summary>Up to <paramref name="count"/> turns, fewer when <paramref name="budget"/> runs out first (at least 50).</summary>
    public static async Task<Batch1> MeasureAsync(ModelVersion model, byte[] png, Uri url, Func<HttpContent> body, int count, TimeSpan budget)
    {
        var preprocessor = model.Signature.Preprocessor(long.MaxValue);
        var item = preprocessor.Run(png, "bench");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var ort = new double[count];
        var decodeOrt = new double[count];
        var http = new double[count];
        var failures = 0;
        var done = 0;
        var started = Stopwatch.GetTimestamp();
        for (var i = -20; i < count; i++) // 20 warm-up turns
        {
            if (i >= 50 && Stopwatch.GetElapsedTime(started) > budget) break;
            var t0 = Stopwatch.GetTimestamp();
            model.RunDirect(item, 1);
            var t1 = Stopwatch.GetTimestamp();
            model.RunDirect(preprocessor.Run(png, "bench"), 1);
            var t2 = Stopwatch.GetTimestamp();
            using (var response = await client.PostAsync(url, body()))
            {
                await response.Content.LoadIntoBufferAsync();
                if (!response.IsSuccessStatusCode) failures++;
            }

            var t3 = Stopwatch.GetTimestamp();
            if (i < 0) continue;
            ort[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            decodeOrt[i] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
            http[i] = Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds;
            done = i + 1;
        }

        double P50(double[] values) => LoadGenerator.Percentile([.. values.Take(done).Order()], 0.5);
        return new Batch1(P50(ort), P50(decodeOrt), P50(http), failures);
    }
}
