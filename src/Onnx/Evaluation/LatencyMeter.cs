using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Mlops.Onnx;

namespace Mlops.Onnx.Evaluation;

/// <summary>Median wall time of one Run at a given batch size, after warm-up runs.</summary>
public static class LatencyMeter
{
    public static double MedianMilliseconds(InferenceSession session, int batch, int runs, int warmup = 5)
    {
        var shape = OnnxSignatures
            .Shape(session.InputMetadata[session.InputNames[0]])
            .Select(d => d < 0 ? batch : d)
            .ToArray();
        shape[0] = batch;
        var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i++)
            data[i] = (i % 97) / 97f - 0.5f;
        for (var i = 0; i < warmup; i++)
            session.RunFloats(data, shape, "latency");
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            session.RunFloats(data, shape, "latency");
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }
}
