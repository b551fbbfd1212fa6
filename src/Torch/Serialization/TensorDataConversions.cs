using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch.Serialization;

/// <summary>Moves stored tensors into libtorch and back: one byte copy each way, no per-element work.</summary>
public static class TensorDataConversions
{
    /// <summary>A new CPU tensor holding a copy of <paramref name="data"/>.</summary>
    public static unsafe Tensor ToTensor(this TensorData data)
    {
        IntPtr result;
        fixed (byte* bytes = data.Data)
            Check(
                NativeMethods.mlt_from_data(
                    bytes,
                    data.Data.Length,
                    data.Shape,
                    data.Shape.Length,
                    (int)data.DType.ToScalarType(),
                    out result
                )
            );
        return new Tensor(result);
    }

    /// <summary>A copy of the tensor's elements in row-major order (a non-contiguous tensor is made
    /// contiguous).</summary>
    public static unsafe TensorData ToTensorData(this Tensor tensor)
    {
        var dtype = tensor.dtype.ToTensorDType();
        var shape = tensor.shape;
        var bytes = new byte[checked(TensorData.ElementCountOf(shape) * dtype.ElementSize())];
        fixed (byte* destination = bytes)
            Check(NativeMethods.mlt_copy_to_buffer(tensor.Handle, destination, bytes.Length));
        return new TensorData(dtype, shape, bytes);
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
            TensorDType.UInt8 => ScalarType.UInt8,
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
            ScalarType.UInt8 => TensorDType.UInt8,
            ScalarType.Bool => TensorDType.Bool,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
        };
}
