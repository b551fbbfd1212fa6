using Onnx;

namespace Mlops.Onnx.Model;

/// <summary>Wraps a graph into a ModelProto with the IR version of our schema and the default-domain opset.</summary>
public static class OnnxModels
{
    /// <summary>The opset our exporter targets (ORT 1.30 and python-onnx 1.12 both know it).</summary>
    public const long DefaultOpset = 17;

    public static ModelProto Create(
        GraphProto graph,
        long opset = DefaultOpset,
        string producerName = "mlops",
        string producerVersion = "",
        string docString = "",
        IReadOnlyDictionary<string, string>? metadata = null
    )
    {
        var model = new ModelProto
        {
            IrVersion = (long)global::Onnx.Version.IrVersion,
            ProducerName = producerName,
            ProducerVersion = producerVersion,
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    /// <summary>A graph from its parts, for callers that build node lists first.</summary>
    public static GraphProto Graph(
        string name,
        IEnumerable<NodeProto> nodes,
        IEnumerable<ValueInfoProto> inputs,
        IEnumerable<ValueInfoProto> outputs,
        IEnumerable<TensorProto>? initializers = null
    )
    {
        var graph = new GraphProto { Name = name };
        graph.Node.AddRange(nodes);
        graph.Input.AddRange(inputs);
        graph.Output.AddRange(outputs);
        graph.Initializer.AddRange(initializers ?? []);
        return graph;
    }
}
