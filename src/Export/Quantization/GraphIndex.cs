using Onnx;

namespace Mlops.Export.Quantization;

/// <summary>Who produces and who consumes each value of a graph, and which values are weights.</summary>
public sealed class GraphIndex
{
    public GraphIndex(GraphProto graph)
    {
        Graph = graph;
        Initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
                Producers[output] = node;
            foreach (var input in node.Input)
            {
                if (!Consumers.TryGetValue(input, out var list))
                    Consumers[input] = list = [];
                list.Add(node);
            }
        }
        GraphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    }

    public GraphProto Graph { get; }
    public Dictionary<string, TensorProto> Initializers { get; }
    public Dictionary<string, NodeProto> Producers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<NodeProto>> Consumers { get; } = new(StringComparer.Ordinal);
    public HashSet<string> GraphOutputs { get; }

    public IReadOnlyList<NodeProto> ConsumersOf(string value) => Consumers.TryGetValue(value, out var list) ? list : [];

    /// <summary>True when <paramref name="value"/> feeds exactly one node and is not a graph output (safe to fuse
    /// away).</summary>
    public bool HasSingleConsumer(string value) => ConsumersOf(value).Count == 1 && !GraphOutputs.Contains(value);
}
