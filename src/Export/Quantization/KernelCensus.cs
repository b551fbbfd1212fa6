using Microsoft.ML.OnnxRuntime;
using Mlops.Onnx;

namespace Mlops.Export.Quantization;

/// <summary>
/// What ONNX Runtime actually runs for a model: the op types of the graph it keeps after its fusions. For an int8
/// model, any float compute op left (Conv, Gemm, Add...) is a QDQ unit ORT did not turn into an integer kernel:
/// it runs DequantizeLinear → float op → QuantizeLinear, slower than plain fp32.
/// </summary>
public sealed record KernelCensus(IReadOnlyDictionary<string, int> OpCounts)
{
    private static readonly IReadOnlySet<string> FloatComputeOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "Conv",
        "FusedConv",
        "Gemm",
        "FusedGemm",
        "MatMul",
        "Add",
        "Sum",
        "MaxPool",
        "AveragePool",
        "GlobalAveragePool",
    };

    /// <summary>Nodes of ORT's graph computing in float (0 for a fully fused int8 model).</summary>
    public int FloatComputeNodes => OpCounts.Where(p => FloatComputeOps.Contains(p.Key)).Sum(p => p.Value);

    public static KernelCensus Of(
        byte[] model,
        string where,
        GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL
    ) => new(OptimizedGraph.OpCounts(model, level, where));

    /// <summary>"QLinearConv 20, QLinearAdd 8, ..." (most frequent first).</summary>
    public override string ToString() => string.Join(", ", OpCounts.Select(p => $"{p.Key} {p.Value}"));
}
