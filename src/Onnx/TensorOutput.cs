namespace Mlops.Onnx;

/// <summary>An output tensor copied out of ORT into a managed array (row-major, like the ONNX tensor).</summary>
public sealed class TensorOutput
{
    public TensorOutput(string name, TensorElementType elementType, long[] shape, Array data)
    {
        Name = name;
        ElementType = elementType;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }

    public TensorElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>float[], long[], int[], double[], byte[], sbyte[] or bool[] according to <see cref="ElementType"/>.</summary>
    public Array Data { get; }

    public float[] AsFloats() => Data as float[] ?? throw WrongType(TensorElementType.Float);

    public long[] AsInt64s() => Data as long[] ?? throw WrongType(TensorElementType.Int64);

    private InvalidOperationException WrongType(TensorElementType wanted) =>
        new($"output '{Name}' holds {ElementType} elements, not {wanted}");
}
