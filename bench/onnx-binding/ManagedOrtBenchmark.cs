using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Mlops.Bench.OnnxBinding;

/// <summary>
/// Microsoft.ML.OnnxRuntime's managed API called the way the product's hot path calls it (OnnxRuns.RunInto, used by
/// `mlops serve`): per call a RunOptions and two OrtValues over caller memory, the logits written into a caller buffer.
/// </summary>
internal sealed class ManagedOrtBenchmark : IDisposable
{
    private readonly SessionOptions options;
    private readonly InferenceSession session;
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly Dictionary<int, BatchBuffers> buffers = [];

    public ManagedOrtBenchmark(string modelPath, int threads)
    {
        options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // As `mlops serve` runs by default (ServeApp.SessionOptionsFor): intra-op threads sleep between runs.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        session = new InferenceSession(modelPath, options);
        inputNames = [session.InputNames[0]];
        outputNames = [session.OutputNames[0]];
    }

    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>Per-call milliseconds of the product's path: everything a call needs is made in the call.</summary>
    public double[] Time(int batch, int calls)
    {
        var b = Buffers(batch);
        return Timed(calls, () =>
        {
            using var runOptions = new RunOptions();
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                b.Input.AsMemory(), b.InputShape);
            using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                b.Logits.AsMemory(), b.LogitsShape);
            session.Run(runOptions, inputNames, [input], outputNames, [output]);
        });
    }

    /// <summary>
    /// Diagnostic only: the same run with RunOptions and both OrtValues made once and reused, so the cost of making
    /// them per call shows as the difference to <see cref="Time"/>.
    /// </summary>
    public double[] TimeReused(int batch, int calls)
    {
        var b = Buffers(batch);
        return Timed(calls, () => session.Run(b.RunOptions, inputNames, b.InputValues, outputNames, b.LogitsValues));
    }

    /// <summary>The logits of the last run at this batch (to check both sides compute the same thing).</summary>
    public float[] Logits(int batch) => Buffers(batch).Logits;

    public void Dispose()
    {
        foreach (var b in buffers.Values) b.Dispose();
        session.Dispose();
        options.Dispose();
    }

    private BatchBuffers Buffers(int batch)
    {
        if (!buffers.TryGetValue(batch, out var b)) buffers[batch] = b = new BatchBuffers(batch);
        return b;
    }

    private static double[] Timed(int calls, Action run)
    {
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times;
    }
}
