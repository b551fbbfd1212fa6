using Microsoft.ML.OnnxRuntime;
using Mlops.Onnx;

namespace Mlops.Bench.Quantize;

/// <summary>Where a model's batch-1 time goes: ORT's own per-node profile of 200 runs, summed per op type.</summary>
internal static class OpTimes
{
    public static IReadOnlyList<(string OpType, double MillisecondsPerRun)> Profile(string model,
        Func<SessionOptions> newOptions)
    {
        using var options = newOptions();
        // ORT's documented order: the file prefix first, then switch profiling on.
        var prefix = Path.Combine(Path.GetTempPath(), $"mlops-bench-quantize-{Environment.ProcessId}");
        options.ProfileOutputPathPrefix = prefix;
        options.EnableProfiling = true;
        string file;
        using (var session = new InferenceSession(model, options))
        using (var runs = new TimedRuns(session, 1))
        {
            for (var i = 0; i < 200; i++) runs.Run();
            file = session.EndProfiling();
        }

        try
        {
            return OrtProfile.Read(file).ByOpType();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
