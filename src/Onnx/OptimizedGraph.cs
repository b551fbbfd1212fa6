using Microsoft.ML.OnnxRuntime;
using Mlops.Onnx.Model;
using Onnx;

namespace Mlops.Onnx;

/// <summary>
/// The graph ONNX Runtime actually runs for a model: ORT writes it after its fusions (e.g. a DequantizeLinear→Conv→
/// QuantizeLinear unit becoming one QLinearConv) when <see cref="SessionOptions.OptimizedModelFilePath"/> is set.
/// </summary>
public static class OptimizedGraph
{
    /// <summary>Opens <paramref name="model"/> at <paramref name="level"/>; returns the graph ORT kept.</summary>
    /// <param name="where">names the model in errors</param>
    public static ModelProto Read(
        byte[] model,
        GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL,
        string where = "<model bytes>"
    )
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlops-optimized-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { GraphOptimizationLevel = level, OptimizedModelFilePath = file })
            using (OnnxSessions.Open(model, options, where)) { }

            return OnnxModelFile.Read(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>How many nodes of each op type ORT runs, e.g. { QLinearConv: 20, QLinearAdd: 8, ... }.</summary>
    public static IReadOnlyDictionary<string, int> OpCounts(
        byte[] model,
        GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL,
        string where = "<model bytes>"
    ) =>
        Read(model, level, where)
            .Graph.Node.GroupBy(n => n.OpType, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
