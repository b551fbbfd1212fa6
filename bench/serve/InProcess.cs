using System.Diagnostics;
using Mlops.Serve.Models;

namespace Mlops.Bench.Serve;

/// <summary>The throughput reference: an ORT session of the same file called directly, no HTTP, no decoding.</summary>
internal static class InProcess
{
    /// <summary>Images per second running batches of <paramref name="batch"/> back to back for about <paramref name="seconds"/>.</summary>
    public static double Throughput(ModelVersion model, float[] item, int batch, double seconds)
    {
        var input = new float[batch * item.Length];
        for (var i = 0; i < batch; i++) item.CopyTo(input, i * item.Length);
        for (var i = 0; i < 3; i++) model.RunDirect(input, batch); // warm-up
        var images = 0L;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            model.RunDirect(input, batch);
            images += batch;
        }

        return images / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
