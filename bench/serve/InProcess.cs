using System.Diagnostics;
using Mlops.Serve.Models;

namespace Mlops.Bench.Serve;

/// <summary>The reference: the same ORT session called directly, no HTTP, no decoding.</summary>
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

    /// <summary>Median milliseconds of one batch-1 call (ORT only), and of decode + pre-process + ORT.</summary>
    public static (double OrtOnly, double WithDecode) Batch1P50(ModelVersion model, byte[] png, int count)
    {
        var preprocessor = model.Signature.Preprocessor(long.MaxValue);
        var item = preprocessor.Run(png, "bench");
        var ortOnly = new double[count];
        var withDecode = new double[count];
        for (var i = 0; i < count + 20; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            model.RunDirect(item, 1);
            var t1 = Stopwatch.GetTimestamp();
            model.RunDirect(preprocessor.Run(png, "bench"), 1);
            var t2 = Stopwatch.GetTimestamp();
            if (i < 20) continue;
            ortOnly[i - 20] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            withDecode[i - 20] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
        }

        Array.Sort(ortOnly);
        Array.Sort(withDecode);
        return (ortOnly[count / 2], withDecode[count / 2]);
    }
}
