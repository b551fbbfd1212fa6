using Google.Protobuf;
using Onnx;

namespace Mlops.Onnx.Model;

/// <summary>Builds NodeProto operators and their attributes.</summary>
public static class OnnxNodes
{
    public static NodeProto Create(
        string opType,
        string name,
        IEnumerable<string> inputs,
        IEnumerable<string> outputs,
        params AttributeProto[] attributes
    )
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto Int(string name, long value) =>
        new()
        {
            Name = name,
            Type = AttributeProto.Types.AttributeType.Int,
            I = value,
        };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Float(string name, float value) =>
        new()
        {
            Name = name,
            Type = AttributeProto.Types.AttributeType.Float,
            F = value,
        };

    public static AttributeProto String(string name, string value) =>
        new()
        {
            Name = name,
            Type = AttributeProto.Types.AttributeType.String,
            S = ByteString.CopyFromUtf8(value),
        };
}
