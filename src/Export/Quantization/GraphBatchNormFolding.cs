using Mlops.Onnx.Model;
using Onnx;

namespace Mlops.Export.Quantization;

/// <summary>
/// Folds every BatchNormalization that follows a Conv (whose output feeds nothing else) into that Conv's weight and
/// bias, so quantization sees one weight per layer. Returns how many were folded.
/// </summary>
public static class GraphBatchNormFolding
{
    public static int Apply(ModelProto model)
    {
        var graph = model.Graph;
        var index = new GraphIndex(graph);
        var folded = 0;
        foreach (var norm in graph.Node.Where(n => n.OpType == "BatchNormalization").ToList())
        {
            if (
                !index.Producers.TryGetValue(norm.Input[0], out var conv)
                || conv.OpType != "Conv"
                || !index.HasSingleConsumer(norm.Input[0])
            )
                continue;
            if (
                norm.Input.Skip(1).Any(name => !index.Initializers.ContainsKey(name))
                || !index.Initializers.ContainsKey(conv.Input[1])
            )
                continue;
            var epsilon = norm.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            var gamma = OnnxTensors.ReadFloats(index.Initializers[norm.Input[1]]);
            var beta = OnnxTensors.ReadFloats(index.Initializers[norm.Input[2]]);
            var mean = OnnxTensors.ReadFloats(index.Initializers[norm.Input[3]]);
            var variance = OnnxTensors.ReadFloats(index.Initializers[norm.Input[4]]);
            var weightTensor = index.Initializers[conv.Input[1]];
            var weight = OnnxTensors.ReadFloats(weightTensor);
            var channels = gamma.Length;
            var bias =
                conv.Input.Count > 2 ? OnnxTensors.ReadFloats(index.Initializers[conv.Input[2]]) : new float[channels];
            var perChannel = weight.Length / channels;
            for (var c = 0; c < channels; c++)
            {
                var factor = gamma[c] / Math.Sqrt(variance[c] + epsilon);
                for (var i = c * perChannel; i < (c + 1) * perChannel; i++)
                    weight[i] = (float)(weight[i] * factor);
                bias[c] = (float)((bias[c] - mean[c]) * factor + beta[c]);
            }
            Replace(graph, OnnxTensors.Float(weightTensor.Name, weight, weightTensor.Dims.ToArray()));
            var biasName = conv.Input.Count > 2 ? conv.Input[2] : $"{conv.Name}.folded_bias";
            Replace(graph, OnnxTensors.Float(biasName, bias, channels));
            if (conv.Input.Count == 2)
                conv.Input.Add(biasName);
            conv.Output[0] = norm.Output[0];
            graph.Node.Remove(norm);
            folded++;
        }
        RemoveUnused(graph);
        return folded;
    }

    private static void Replace(GraphProto graph, TensorProto tensor)
    {
        var existing = graph.Initializer.FirstOrDefault(t => t.Name == tensor.Name);
        if (existing is not null)
            graph.Initializer.Remove(existing);
        graph.Initializer.Add(tensor);
    }

    private static void RemoveUnused(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
            graph.Initializer.Remove(unused);
    }
}
