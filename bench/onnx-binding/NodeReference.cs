using System.Diagnostics;
using System.Text.Json;

namespace Mlops.Bench.OnnxBinding;

/// <summary>Runs node-reference.js (onnxruntime-node) as a child process and reads its JSON lines.</summary>
internal static class NodeReference
{
    public static Dictionary<int, LatencyStats> Measure(string script, string modelPath, int threads, int warmup, int iterBatch1, int iterLarge, IReadOnlyList<int> batches)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(script))!,
        };
        foreach (var argument in new[] { script, modelPath, $"{threads}", $"{warmup}", $"{iterBatch1}", $"{iterLarge}", string.Join(',', batches) })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = node.StandardOutput.ReadToEnd();
        var stderr = node.StandardError.ReadToEnd();
        node.WaitForExit();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"node-reference.js failed ({node.ExitCode}): {stderr}");
        }

        var results = new Dictionary<int, LatencyStats>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            results[root.GetProperty("batch").GetInt32()] = new LatencyStats(
                root.GetProperty("meanMs").GetDouble(), root.GetProperty("p50Ms").GetDouble(), root.GetProperty("iterations").GetInt32());
        }

        return results;
    }
}
