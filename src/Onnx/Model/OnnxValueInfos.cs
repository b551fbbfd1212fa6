using Onnx;

namespace Mlops.Onnx.Model;

/// <summary>Builds ValueInfoProto graph inputs/outputs; a negative dimension becomes a named dynamic one.</summary>
public static class OnnxValueInfos
{
    /// <summary>A tensor whose dims are fixed, except negatives which become the symbolic <paramref
    /// name="dynamicName"/>.</summary>
    public static ValueInfoProto Tensor(
        string name,
        TensorProto.Types.DataType elementType,
        IReadOnlyList<long> dims,
        string dynamicName = "batch"
    )
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(
                dim >= 0
                    ? new TensorShapeProto.Types.Dimension { DimValue = dim }
                    : new TensorShapeProto.Types.Dimension { DimParam = dynamicName }
            );
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape },
            },
        };
    }

    /// <summary>A float tensor of shape [batch, ...<paramref name="perItemDims"/>] with a dynamic batch
    /// dimension.</summary>
    public static ValueInfoProto FloatWithDynamicBatch(string name, params long[] perItemDims) =>
        Tensor(name, TensorProto.Types.DataType.Float, [-1, .. perItemDims]);
}
