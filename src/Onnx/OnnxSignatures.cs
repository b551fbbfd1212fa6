using Microsoft.ML.OnnxRuntime;

namespace Mlops.Onnx;

/// <summary>Reads what a model declares for an input or output, as ORT's NodeMetadata gives it.</summary>
public static class OnnxSignatures
{
    /// <summary>The declared shape with -1 where a dimension is dynamic.</summary>
    public static long[] Shape(NodeMetadata node) => node.Dimensions.Select(d => (long)d).ToArray();

    /// <summary>"input: Float[batch, 1, 28, 28]": dynamic dimensions by their symbolic name, "?" if unnamed.</summary>
    public static string Describe(string name, NodeMetadata node)
    {
        // A sequence or map has no dimensions to show; ORT names the kind ONNX_TYPE_SEQUENCE, ONNX_TYPE_MAP...
        if (!node.IsTensor)
            return $"{name}: {KindOf(node)}";
        var dimensions = node.Dimensions.Select(
            (d, i) =>
                d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : node.SymbolicDimensions is { } names && i < names.Length && names[i].Length > 0 ? names[i]
                : "?"
        );
        return $"{name}: {node.ElementDataType}[{string.Join(", ", dimensions)}]";
    }

    private static string KindOf(NodeMetadata node) =>
        node.OnnxValueType.ToString().Replace("ONNX_TYPE_", "").ToLowerInvariant();
}
