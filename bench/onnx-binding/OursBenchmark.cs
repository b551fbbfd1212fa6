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

    private readonly Dictionary<int, TensorBuffer[]> inputs = [];
    private readonly Dictionary<int, TensorBuffer[]> outputs = [];

    /// <summary>Run returning managed output arrays (what node's session.run gives its caller).</summary>
    public double[] Time(int batch, int iterations)
    {
        var input = Inputs(batch);
        return Time(iterations, () =>
        {
            if (session.Run(input)[0].AsFloats().Length != batch * 10)
            {
                throw new InvalidOperationException("unexpected output size");
            }
        });
    }

    /// <summary>Run writing logits into a caller buffer (no output allocation at all).</summary>
    public double[] TimeIntoBuffer(int batch, int iterations)
    {
        var input = Inputs(batch);
        if (!outputs.TryGetValue(batch, out var output))
        {
            outputs[batch] = output = [TensorBuffer.Float(session.OutputNames[0], new float[batch * 10], batch, 10)];
        }

        return Time(iterations, () => session.Run(input, output));
    }

    public void Dispose() => session.Dispose();

    private TensorBuffer[] Inputs(int batch)
    {
        if (!inputs.TryGetValue(batch, out var input))
        {
            var data = new float[batch * 3 * 32 * 32];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (float)Math.Sin((i + 1) * 0.37);
            }

            inputs[batch] = input = [TensorBuffer.Float(session.Inputs[0].Name, data, batch, 3, 32, 32)];
        }

        return input;
    }

    private static double[] Time(int iterations, Action run)
    {
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times;
    }
}
