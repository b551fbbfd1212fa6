using System.Text.Json;
using Mlops.Core.Errors;

namespace Mlops.Onnx;

/// <summary>One node run recorded by ORT's profiler: the node, its op type and how long its kernel took.</summary>
public sealed record NodeTiming(string Node, string OpType, double Microseconds);

/// <summary>
/// ORT's profile (the Chrome-trace JSON <c>InferenceSession.EndProfiling()</c> writes when the session's options had
/// <c>ProfileOutputPathPrefix</c> then <c>EnableProfiling</c> set): one "model_run"
/// event per Run and one "&lt;node&gt;_kernel_time" event per node run. Tells where a model's time goes.
/// </summary>
public sealed class OrtProfile
{
    private const string KernelSuffix = "_kernel_time";

    private OrtProfile(int runs, IReadOnlyList<NodeTiming> nodes)
    {
        Runs = runs;
        Nodes = nodes;
    }

    /// <summary>Model runs recorded (including warm-up runs made while profiling).</summary>
    public int Runs { get; }

    public IReadOnlyList<NodeTiming> Nodes { get; }

    public static OrtProfile Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var runs = 0;
            var nodes = new List<NodeTiming>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var category = entry.GetProperty("cat").GetString();
                var name = entry.GetProperty("name").GetString() ?? "";
                if (category == "Session" && name == "model_run")
                    runs++;
                if (category != "Node" || !name.EndsWith(KernelSuffix, StringComparison.Ordinal))
                    continue;
                var opType = entry.GetProperty("args").GetProperty("op_name").GetString() ?? "?";
                nodes.Add(new NodeTiming(name[..^KernelSuffix.Length], opType, entry.GetProperty("dur").GetDouble()));
            }

            return new OrtProfile(runs, nodes);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new MlopsException($"not an ONNX Runtime profile: {e.Message}", path);
        }
    }

    /// <summary>Milliseconds per run spent in each op type's kernels, largest first.</summary>
    public IReadOnlyList<(string OpType, double MillisecondsPerRun)> ByOpType() =>
        Nodes
            .GroupBy(n => n.OpType, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(n => n.Microseconds) / 1000 / Math.Max(1, Runs)))
            .OrderByDescending(p => p.Item2)
            .ToList();

    /// <summary>Milliseconds per run of each node, largest first.</summary>
    public IReadOnlyList<(string Node, string OpType, double MillisecondsPerRun)> ByNode() =>
        Nodes
            .GroupBy(n => (n.Node, n.OpType))
            .Select(g => (g.Key.Node, g.Key.OpType, g.Sum(n => n.Microseconds) / 1000 / Math.Max(1, Runs)))
            .OrderByDescending(p => p.Item3)
            .ToList();
}
