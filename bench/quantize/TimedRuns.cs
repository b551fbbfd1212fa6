using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Mlops.Bench.Quantize;

/// <summary>
/// Timed Run calls of one session at one batch size, as ORT's documentation writes them: the input an OrtValue over
/// a float array the caller keeps, the outputs allocated by ORT and disposed after each call.
/// </summary>
internal sealed class TimedRuns : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtValue input;
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    public TimedRuns(InferenceSession session, int batch)
    {
        this.session = session;
        inputNames = [session.InputNames[0]];
        outputNames = [session.OutputNames[0]];
        // The declared shape with the batch dimension set (a dynamic dimension reads -1).
        var shape = session.InputMetadata[inputNames[0]].Dimensions.Select(d => (long)d).ToArray();
        shape[0] = batch;
        var data = new float[shape.Aggregate(1L, (x, y) => x * y)];
        for (var i = 0; i < data.Length; i++) data[i] = (i % 97) / 97f - 0.5f;
        input = OrtValue.CreateTensorValueFromMemory(data, shape);
        for (var i = 0; i < 3; i++) Run(); // warm-up: the first runs plan memory
    }

    /// <summary>Per-call milliseconds of <paramref name="calls"/> runs.</summary>
    public double[] Time(int calls) => Enumerable.Range(0, calls).Select(_ => TimeOne()).ToArray();

    /// <summary>One run; ORT allocates the outputs, disposing them returns their memory.</summary>
    public void Run()
    {
        using var outputs = session.Run(runOptions, inputNames, [input], outputNames);
    }

    private double TimeOne()
    {
        var start = Stopwatch.GetTimestamp();
        Run();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    public void Dispose()
    {
        input.Dispose();
        runOptions.Dispose();
    }
}
