using Mlops.Onnx.Model;
using Onnx;

namespace Mlops.Export.Writer;

/// <summary>Accumulates nodes and initializers with unique names while a module tree is walked.</summary>
public sealed class OnnxGraphBuilder
{
    private readonly List<NodeProto> _nodes = [];
    private readonly List<TensorProto> _initializers = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeProto> Nodes => _nodes;

    public IReadOnlyList<TensorProto> Initializers => _initializers;

    /// <summary>Adds a float initializer (its name is kept if free, so state-dict names survive) and returns its
    /// name.</summary>
    public string AddInitializer(string name, float[] data, params long[] dims) =>
        AddInitializer(name, unique => OnnxTensors.Float(unique, data, dims));

    /// <summary>Adds an int64 initializer (shapes, axes, indices) and returns its name.</summary>
    public string AddInt64Initializer(string name, long[] data, params long[] dims) =>
        AddInitializer(name, unique => OnnxTensors.Int64(unique, data, dims));

    private string AddInitializer(string name, Func<string, TensorProto> tensorNamed)
    {
        var unique = Unique(name);
        _initializers.Add(tensorNamed(unique));
        return unique;
    }

    /// <summary>Adds a node named after the module path and returns the name of its single output.</summary>
    public string AddNode(string opType, string path, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var name = Unique(string.IsNullOrEmpty(path) ? opType : path);
        var output = Unique($"{name}_output");
        _nodes.Add(OnnxNodes.Create(opType, name, inputs, [output], attributes));
        return output;
    }

    /// <summary>Gives a produced value its public name (e.g. "logits") everywhere it appears.</summary>
    public void Rename(string from, string to)
    {
        foreach (var node in _nodes)
        {
            for (var i = 0; i < node.Output.Count; i++)
                if (node.Output[i] == from)
                    node.Output[i] = to;
            for (var i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == from)
                    node.Input[i] = to;
        }
        _names.Add(to);
    }

    public void Reserve(string name) => _names.Add(name);

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 1; !_names.Add(candidate); i++)
            candidate = $"{name}_{i}";
        return candidate;
    }
}
