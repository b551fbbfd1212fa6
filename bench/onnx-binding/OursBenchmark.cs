using System.Diagnostics;
using Mlops.Onnx;

namespace Mlops.Bench.OnnxBinding;

/// <summary>Times our binding the way node-reference.js times onnxruntime-node: same input, one session, Run per call.</summary>
internal sealed class OursBenchmark(string modelPath, int threads) : IDisposable
{
    private readonly InferenceSession session = new(modelPath, new SessionOptions
    {
        IntraOpThreads = threads,
        InterOpThreads = 1,
        OptimizationLevel = GraphOptimizationLevel.All,
        ExecutionMode = ExecutionMode.Sequential,
    });

    /// <summary>Run returning managed output arrays (what node's session.run gives its caller).</summary>
    public LatencyStats Measure(int batch, int warmup, int iterations)
    {
        var inputs = Inputs(batch);
        var output = session.OutputNames[0];
        return Time(warmup, iterations, () =>
        {
            if (session.Run(inputs)[0].AsFloats().Length != batch * 10)
            {
                throw new InvalidOperationException($"unexpected size of output '{output}'");
            }
        });
    }

    /// <summary>Run writing logits into a caller buffer (no output allocation at all).</summary>
    public LatencyStats MeasureIntoBuffer(int batch, int warmup, int iterations)
    {
        var inputs = Inputs(batch);
        var logits = new float[batch * 10];
        TensorBuffer[] outputs = [TensorBuffer.Float(session.OutputNames[0], logits, batch, 10)];
        return Time(warmup, iterations, () => session.Run(inputs, outputs));
    }

    public void Dispose() => session.Dispose();

    private TensorBuffer[] Inputs(int batch)
    {
        var data = new float[batch * 3 * 32 * 32];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)Math.Sin((i + 1) * 0.37);
        }

        return [TensorBuffer.Float(session.Inputs[0].Name, data, batch, 3, 32, 32)];
    }

    private static LatencyStats Time(int warmup, int iterations, Action run)
    {
        for (var i = 0; i < warmup; i++)
        {
            run();
        }

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return LatencyStats.From(times);
    }
}
