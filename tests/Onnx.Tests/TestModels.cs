using Mlops.Onnx;
using Mlops.Onnx.Model;
using Onnx;

namespace Mlops.Onnx.Tests;

/// <summary>Small ONNX graphs built with the generated types, each with the weights the C# references use.</summary>
internal static class TestModels
{
    /// <summary>y = relu(x · Wᵀ + b), x: [batch, 4], W: [3, 4], b: [3].</summary>
    public static (ModelProto Model, float[] W, float[] B) GemmRelu()
    {
        var w = Deterministic(12, seed: 1);
        var b = Deterministic(3, seed: 2);
        var graph = OnnxModels.Graph(
            "gemm_relu",
            [
                OnnxNodes.Create("Gemm", "fc", ["x", "W", "B"], ["h"], OnnxNodes.Int("transB", 1)),
                OnnxNodes.Create("Relu", "relu", ["h"], ["y"]),
            ],
            [OnnxValueInfos.FloatWithDynamicBatch("x", 4)],
            [OnnxValueInfos.FloatWithDynamicBatch("y", 3)],
            [OnnxTensors.Float("W", w, 3, 4), OnnxTensors.Float("B", b, 3)]
        );
        return (OnnxModels.Create(graph), w, b);
    }

    /// <summary>z = a + b over [batch, 5] float tensors.</summary>
    public static ModelProto Add() =>
        OnnxModels.Create(
            OnnxModels.Graph(
                "add",
                [OnnxNodes.Create("Add", "add", ["a", "b"], ["z"])],
                [OnnxValueInfos.FloatWithDynamicBatch("a", 5), OnnxValueInfos.FloatWithDynamicBatch("b", 5)],
                [OnnxValueInfos.FloatWithDynamicBatch("z", 5)]
            )
        );

    /// <summary>z = a + b over [n] int64 tensors.</summary>
    public static ModelProto AddInt64() =>
        OnnxModels.Create(
            OnnxModels.Graph(
                "add_int64",
                [OnnxNodes.Create("Add", "add", ["a", "b"], ["z"])],
                [
                    OnnxValueInfos.Tensor("a", TensorProto.Types.DataType.Int64, [-1], "n"),
                    OnnxValueInfos.Tensor("b", TensorProto.Types.DataType.Int64, [-1], "n"),
                ],
                [OnnxValueInfos.Tensor("z", TensorProto.Types.DataType.Int64, [-1], "n")]
            )
        );

    public sealed record ConvBnWeights(
        float[] Weight,
        float[] Bias,
        float[] Scale,
        float[] Shift,
        float[] Mean,
        float[] Var,
        float Epsilon
    );

    /// <summary>
    /// x: [batch, 2, 5, 5] → Conv(3 filters 3x3, pad 1, stride 1) → BatchNormalization → Relu → GlobalAveragePool → y: [batch, 3, 1, 1].
    /// </summary>
    public static (ModelProto Model, ConvBnWeights Weights) ConvBnPool()
    {
        var weights = new ConvBnWeights(
            Deterministic(3 * 2 * 3 * 3, seed: 3),
            Deterministic(3, seed: 4),
            [1.5f, 0.5f, -1.0f],
            [0.1f, -0.2f, 0.3f],
            [0.05f, -0.1f, 0.2f],
            [0.9f, 1.1f, 0.4f],
            1e-5f
        );
        var graph = OnnxModels.Graph(
            "conv_bn_pool",
            [
                OnnxNodes.Create(
                    "Conv",
                    "conv",
                    ["x", "cw", "cb"],
                    ["c"],
                    OnnxNodes.Ints("kernel_shape", 3, 3),
                    OnnxNodes.Ints("pads", 1, 1, 1, 1),
                    OnnxNodes.Ints("strides", 1, 1)
                ),
                OnnxNodes.Create(
                    "BatchNormalization",
                    "bn",
                    ["c", "scale", "shift", "mean", "var"],
                    ["n"],
                    OnnxNodes.Float("epsilon", weights.Epsilon)
                ),
                OnnxNodes.Create("Relu", "relu", ["n"], ["r"]),
                OnnxNodes.Create("GlobalAveragePool", "pool", ["r"], ["y"]),
            ],
            [OnnxValueInfos.FloatWithDynamicBatch("x", 2, 5, 5)],
            [OnnxValueInfos.FloatWithDynamicBatch("y", 3, 1, 1)],
            [
                OnnxTensors.Float("cw", weights.Weight, 3, 2, 3, 3),
                OnnxTensors.Float("cb", weights.Bias, 3),
                OnnxTensors.Float("scale", weights.Scale, 3),
                OnnxTensors.Float("shift", weights.Shift, 3),
                OnnxTensors.Float("mean", weights.Mean, 3),
                OnnxTensors.Float("var", weights.Var, 3),
            ]
        );
        return (OnnxModels.Create(graph), weights);
    }

    /// <summary>Reproducible values in [-1, 1] without Random (stable across runtimes).</summary>
    public static float[] Deterministic(int count, int seed)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = MathF.Sin((i + 1) * 0.7f + seed * 1.3f);
        }

        return values;
    }

    public static byte[] Bytes(ModelProto model) => OnnxModelFile.ToBytes(model);
}
