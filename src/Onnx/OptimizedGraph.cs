using Mlops.Onnx.Model;
using Onnx;

namespace Mlops.Onnx;

/// <summary>
/// The graph ONNX Runtime actually runs for a model: ORT writes it after its fusions (e.g. a DequantizeLinear→Conv→
/// QuantizeLinear unit becoming one QLinearConv) when <see cref="SessionOptions.OptimizedModelFilePath"/> is set.
/// </summary>
public static class OptimizedGraph
{
    /// <summary>Creates a session on <paramref name="model"/> with <paramref name="options"/> and returns the graph ORT kept.</summary>
    public static ModelProto Read(ReadOnlyMemory<byte> model, SessionOptions? options = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlops-optimized-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            using (new InferenceSession(model, (options ?? SessionOptions.Default) with { OptimizedModelFilePath = file }))
            {
            }

            return OnnxModelFile.Read(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>How many nodes of each op type ORT runs, e.g. { QLinearConv: 20, QLinearAdd: 8, ... }.</summary>
    public static IReadOnlyDictionary<string, int> OpCounts(ReadOnlyMemory<byte> model, SessionOptions? options = null) =>
        Read(model, options).Graph.Node.GroupBy(n => n.OpType, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
