using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Torch.Serialization;

/// <summary>Moves stored tensors into TorchSharp and back: one byte copy each way, no per-element work.</summary>
public static class TensorDataConversions
{
    /// <summary>A new CPU tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor ToTensor(this TensorData data)
    {
        var tensor = empty(data.Shape, data.DType.ToScalarType());
        if (data.Data.Length > 0)
            data.Data.CopyTo(tensor.bytes); // the getter is a span over the tensor's own memory
        return tensor;
    }

    /// <summary>A copy of the tensor's elements in row-major order (a non-contiguous or channels_last tensor is
    /// read through a contiguous copy).</summary>
    public static TensorData ToTensorData(this Tensor tensor)
    {
        var dtype = tensor.dtype.ToTensorDType();
        using var noGrad = no_grad();
        using var contiguous = tensor.is_contiguous() ? tensor.alias() : tensor.contiguous();
        var bytes = contiguous.numel() == 0 ? [] : contiguous.bytes.ToArray();
        return new TensorData(dtype, tensor.shape, bytes);
    }

    public static ScalarType ToScalarType(this TensorDType dtype) =>
        dtype switch
        {
            TensorDType.Float32 => ScalarType.Float32,
            TensorDType.Float64 => ScalarType.Float64,
            TensorDType.Float16 => ScalarType.Float16,
            TensorDType.BFloat16 => ScalarType.BFloat16,
            TensorDType.Int64 => ScalarType.Int64,
            TensorDType.Int32 => ScalarType.Int32,
            TensorDType.Int16 => ScalarType.Int16,
            TensorDType.Int8 => ScalarType.Int8,
            TensorDType.UInt8 => ScalarType.Byte,
            TensorDType.Bool => ScalarType.Bool,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
        };

    public static TensorDType ToTensorDType(this ScalarType dtype) =>
        dtype switch
        {
            ScalarType.Float32 => TensorDType.Float32,
            ScalarType.Float64 => TensorDType.Float64,
            ScalarType.Float16 => TensorDType.Float16,
            ScalarType.BFloat16 => TensorDType.BFloat16,
            ScalarType.Int64 => TensorDType.Int64,
            ScalarType.Int32 => TensorDType.Int32,
            ScalarType.Int16 => TensorDType.Int16,
            ScalarType.Int8 => TensorDType.Int8,
            ScalarType.Byte => TensorDType.UInt8,
            ScalarType.Bool => TensorDType.Bool,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
        };
}
