using Mlops.Core.Artifacts;
using Mlops.Onnx.Model;
using Onnx;

namespace Mlops.Export.Quantization;

/// <summary>
/// Rewrites a float graph into QDQ form: QuantizeLinear→DequantizeLinear pairs on the activations around every
/// handled node, int8 per-channel symmetric weights and int32 biases behind DequantizeLinear. ONNX Runtime turns
/// DQ→op→Q patterns into integer kernels (QLinearConv, QGemm, QLinearAdd...). Anything else stays float.
/// </summary>
public sealed class QdqRewriter
{
    /// <summary>Ops with an integer kernel in ORT's QDQ fusions. MaxPool and Flatten only move values, so they reuse
    /// their input's parameters.</summary>
    public static readonly IReadOnlySet<string> HandledOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "Conv",
        "Gemm",
        "Add",
        "MaxPool",
        "GlobalAveragePool",
        "Flatten",
    };

    private static readonly IReadOnlySet<string> PassThroughOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "MaxPool",
        "Flatten",
    };
    private static readonly IReadOnlySet<string> ReluFusibleProducers = new HashSet<string>(StringComparer.Ordinal)
    {
        "Conv",
        "Gemm",
        "Add",
    };

    private readonly GraphProto _graph;
    private readonly IReadOnlyDictionary<string, (double Min, double Max)> _ranges;
    private readonly IReadOnlySet<string> _exclude;
    private readonly ActivationType _activationType;
    private readonly Dictionary<string, QuantParams> _params = new(StringComparer.Ordinal);

    private QdqRewriter(
        GraphProto graph,
        IReadOnlyDictionary<string, (double Min, double Max)> ranges,
        IReadOnlySet<string> exclude,
        ActivationType activationType
    )
    {
        _activationType = activationType;
        _graph = graph;
        _ranges = ranges;
        _exclude = exclude;
    }

    public List<FloatNode> KeptFloat { get; } = [];
    public int QuantizedNodes { get; private set; }
    public int FusedRelus { get; private set; }

    /// <summary>Returns the QDQ model (the input is not changed) and what stayed float.</summary>
    public static (ModelProto Model, QdqRewriter Summary) Rewrite(
        ModelProto floatModel,
        IReadOnlyDictionary<string, (double Min, double Max)> ranges,
        IReadOnlySet<string> exclude,
        ActivationType activationType = ActivationType.UInt8
    )
    {
        var model = floatModel.Clone();
        var rewriter = new QdqRewriter(model.Graph, ranges, exclude, activationType);
        rewriter.FuseRelus();
        rewriter.Quantize();
        return (model, rewriter);
    }

    private bool Handled(NodeProto node) => HandledOps.Contains(node.OpType) && !_exclude.Contains(node.Name);

    /// <summary>A ReLU right after a quantized Conv/Gemm/Add disappears: its output's zero point is the lowest level,
    /// so Q clamps at 0 exactly as ReLU would.</summary>
    private void FuseRelus()
    {
        var index = new GraphIndex(_graph);
        foreach (var relu in _graph.Node.Where(n => n.OpType == "Relu").ToList())
        {
            if (_exclude.Contains(relu.Name))
                continue;
            if (
                index.Producers.TryGetValue(relu.Input[0], out var producer)
                && ReluFusibleProducers.Contains(producer.OpType)
                && Handled(producer)
                && index.HasSingleConsumer(relu.Input[0])
                && !index.GraphOutputs.Contains(relu.Output[0])
            )
            {
                producer.Output[0] = relu.Output[0];
                _graph.Node.Remove(relu);
                FusedRelus++;
            }
        }
    }

    private void Quantize()
    {
        var index = new GraphIndex(_graph);
        var quantizedValues = new List<string>();
        foreach (var node in _graph.Node.ToList())
        {
            if (!Handled(node))
            {
                KeptFloat.Add(
                    new FloatNode(
                        node.Name,
                        node.OpType,
                        _exclude.Contains(node.Name) ? "excluded by --exclude"
                            : node.OpType == "Relu" ? "ReLU not right after a quantized Conv/Gemm/Add"
                            : $"the quantizer has no int8 form for {node.OpType}"
                    )
                );
                continue;
            }
            var activations =
                node.OpType == "Add"
                    ? node.Input.Where(i => !index.Initializers.ContainsKey(i)).ToList()
                    : [node.Input[0]];
            if (activations.Concat(node.Output).Any(v => !_ranges.ContainsKey(v) && !_params.ContainsKey(v)))
            {
                KeptFloat.Add(new FloatNode(node.Name, node.OpType, "no calibration range for one of its values"));
                continue;
            }
            foreach (var value in activations)
                Assign(value, quantizedValues);
            var output = node.Output[0];
            if (!index.GraphOutputs.Contains(output))
            {
                if (PassThroughOps.Contains(node.OpType) && !_params.ContainsKey(output))
                {
                    _params[output] = _params[node.Input[0]];
                    quantizedValues.Add(output);
                }
                else
                {
                    Assign(output, quantizedValues);
                }
            }
            if (node.OpType is "Conv" or "Gemm")
                QuantizeWeights(node, index);
            QuantizedNodes++;
        }
        foreach (var value in quantizedValues)
            InsertQdq(value, index);
        RemoveUnusedInitializers();
    }

    private void Assign(string value, List<string> quantizedValues)
    {
        if (_params.ContainsKey(value))
            return;
        var (min, max) = _ranges[value];
        _params[value] = QuantParams.ForActivation(min, max, _activationType);
        quantizedValues.Add(value);
    }

    private void InsertQdq(string value, GraphIndex index)
    {
        var parameters = _params[value];
        var scale = Scalar($"{value}/scale", parameters.Scale);
        var zeroPoint = _graph.Initializer.AddAndReturn(
            _activationType == ActivationType.Int8
                ? OnnxTensors.Int8($"{value}/zero_point", [(sbyte)parameters.ZeroPoint])
                : new TensorProto
                {
                    Name = $"{value}/zero_point",
                    DataType = (int)TensorProto.Types.DataType.Uint8,
                    RawData = Google.Protobuf.ByteString.CopyFrom((byte)parameters.ZeroPoint),
                }
        );
        var quantized = $"{value}/q";
        if (index.Producers.TryGetValue(value, out var producer))
        {
            // Consumers keep reading the original name, now produced by DequantizeLinear.
            var floatName = $"{value}/float";
            producer.Output[0] = floatName;
            Append(
                OnnxNodes.Create(
                    "QuantizeLinear",
                    $"{value}/QuantizeLinear",
                    [floatName, scale, zeroPoint.Name],
                    [quantized]
                )
            );
            Append(
                OnnxNodes.Create(
                    "DequantizeLinear",
                    $"{value}/DequantizeLinear",
                    [quantized, scale, zeroPoint.Name],
                    [value]
                )
            );
        }
        else
        {
            var dequantized = $"{value}/dq";
            foreach (var consumer in index.ConsumersOf(value))
                for (var i = 0; i < consumer.Input.Count; i++)
                    if (consumer.Input[i] == value)
                        consumer.Input[i] = dequantized;
            Append(
                OnnxNodes.Create(
                    "QuantizeLinear",
                    $"{value}/QuantizeLinear",
                    [value, scale, zeroPoint.Name],
                    [quantized]
                )
            );
            Append(
                OnnxNodes.Create(
                    "DequantizeLinear",
                    $"{value}/DequantizeLinear",
                    [quantized, scale, zeroPoint.Name],
                    [dequantized]
                )
            );
        }
    }

    /// <summary>Per output channel symmetric int8 weights; the bias becomes int32 at scale input_scale ×
    /// weight_scale[c].</summary>
    private void QuantizeWeights(NodeProto node, GraphIndex index)
    {
        if (!index.Initializers.TryGetValue(node.Input[1], out var weightTensor))
            return;
        var weight = OnnxTensors.ReadFloats(weightTensor);
        var dims = weightTensor.Dims.ToArray();
        var transB = node.OpType == "Gemm" && node.Attribute.Any(a => a.Name == "transB" && a.I == 1);
        var axis = node.OpType == "Gemm" && !transB ? 1 : 0;
        var channels = (int)dims[axis];
        var inner = (int)dims.Skip(axis + 1).Aggregate(1L, (a, b) => a * b);
        var absMax = new double[channels];
        for (var i = 0; i < weight.Length; i++)
        {
            var c = i / inner % channels;
            absMax[c] = Math.Max(absMax[c], Math.Abs(weight[i]));
        }
        var scales = absMax.Select(QuantParams.SymmetricScale).ToArray();
        var quantized = new sbyte[weight.Length];
        for (var i = 0; i < weight.Length; i++)
            quantized[i] = (sbyte)Math.Clamp(Math.Round(weight[i] / scales[i / inner % channels]), -127, 127);
        var name = $"{node.Name}.weight";
        node.Input[1] = Dequantize(
            name,
            OnnxTensors.Int8($"{name}/q", quantized, dims),
            OnnxTensors.Float($"{name}/scale", scales, channels),
            OnnxTensors.Int8($"{name}/zero_point", new sbyte[channels], channels),
            axis
        );

        if (node.Input.Count < 3 || !index.Initializers.TryGetValue(node.Input[2], out var biasTensor))
            return;
        var inputScale = _params[node.Input[0]].Scale;
        var bias = OnnxTensors.ReadFloats(biasTensor);
        var biasScales = scales.Select(s => s * inputScale).ToArray();
        var biasQuantized = bias.Select(
                (b, c) => (int)Math.Clamp(Math.Round(b / biasScales[c]), int.MinValue, int.MaxValue)
            )
            .ToArray();
        var biasName = $"{node.Name}.bias";
        node.Input[2] = Dequantize(
            biasName,
            OnnxTensors.Int32($"{biasName}/q", biasQuantized, bias.Length),
            OnnxTensors.Float($"{biasName}/scale", biasScales, bias.Length),
            OnnxTensors.Int32($"{biasName}/zero_point", new int[bias.Length], bias.Length),
            0
        );
    }

    private string Dequantize(string name, TensorProto quantized, TensorProto scale, TensorProto zeroPoint, int axis)
    {
        _graph.Initializer.Add(quantized);
        _graph.Initializer.Add(scale);
        _graph.Initializer.Add(zeroPoint);
        var output = $"{name}/dq";
        Append(
            OnnxNodes.Create(
                "DequantizeLinear",
                $"{name}/DequantizeLinear",
                [quantized.Name, scale.Name, zeroPoint.Name],
                [output],
                OnnxNodes.Int("axis", axis)
            )
        );
        return output;
    }

    private string Scalar(string name, float value)
    {
        _graph.Initializer.Add(OnnxTensors.Float(name, [value]));
        return name;
    }

    /// <summary>Adds a node; the graph is re-sorted at the end so producers come before consumers.</summary>
    private void Append(NodeProto node) => _graph.Node.Add(node);

    private void RemoveUnusedInitializers()
    {
        TopologicalSort();
        var used = _graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in _graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
            _graph.Initializer.Remove(unused);
    }

    /// <summary>ONNX requires nodes in topological order; inserted Q/DQ nodes were appended at the end.</summary>
    private void TopologicalSort()
    {
        var available = _graph
            .Initializer.Select(t => t.Name)
            .Concat(_graph.Input.Select(i => i.Name))
            .ToHashSet(StringComparer.Ordinal);
        var pending = _graph.Node.ToList();
        var ordered = new List<NodeProto>(pending.Count);
        while (pending.Count > 0)
        {
            var ready = pending.Where(n => n.Input.All(i => i.Length == 0 || available.Contains(i))).ToList();
            if (ready.Count == 0)
                throw new InvalidOperationException(
                    $"the rewritten graph has a cycle or a missing value near '{pending[0].Name}'"
                );
            foreach (var node in ready)
            {
                ordered.Add(node);
                foreach (var output in node.Output)
                    available.Add(output);
                pending.Remove(node);
            }
        }
        _graph.Node.Clear();
        _graph.Node.AddRange(ordered);
    }
}

internal static class RepeatedFieldExtensions
{
    public static T AddAndReturn<T>(this Google.Protobuf.Collections.RepeatedField<T> field, T item)
    {
        field.Add(item);
        return item;
    }
}
