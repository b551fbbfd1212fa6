using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Mlops.Onnx.Model;

/// <summary>Builds and reads TensorProto initializers (little-endian raw_data, as ONNX specifies).</summary>
public static class OnnxTensors
{
    public static TensorProto Float(string name, ReadOnlySpan<float> data, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(data), data.Length, dims);

    public static TensorProto Int64(string name, ReadOnlySpan<long> data, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(data), data.Length, dims);

    public static TensorProto Int8(string name, ReadOnlySpan<sbyte> data, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(data), data.Length, dims);

    public static TensorProto Int32(string name, ReadOnlySpan<int> data, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(data), data.Length, dims);

    /// <summary>Reads a float tensor written either as raw_data or as float_data.</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new ArgumentException(
                $"initializer '{tensor.Name}' is not float (data_type {tensor.DataType})",
                nameof(tensor)
            );
        }

        return tensor.HasRawData
            ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : tensor.FloatData.ToArray();
    }

    private static TensorProto Raw(
        string name,
        TensorProto.Types.DataType type,
        ReadOnlySpan<byte> bytes,
        int count,
        long[] dims
    )
    {
        long expected = 1;
        foreach (var dim in dims)
        {
            expected *= dim;
        }

        if (expected != count)
        {
            throw new ArgumentException(
                $"initializer '{name}': dims [{string.Join(", ", dims)}] need {expected} values, got {count}",
                nameof(dims)
            );
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this writer does not swap bytes");
        }

        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)type,
            RawData = ByteString.CopyFrom(bytes),
        };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
