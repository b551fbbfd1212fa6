namespace Mlops.Torch.Serialization;

/// <summary>Element type of a stored tensor, independent of any tensor library.</summary>
public enum TensorDType
{
    Float32,
    Float64,
    Float16,
    BFloat16,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    Bool,
}

/// <summary>Sizes and the names each file format uses for <see cref="TensorDType"/>.</summary>
public static class TensorDTypes
{
    public static int ElementSize(this TensorDType dtype) =>
        dtype switch
        {
            TensorDType.Float64 or TensorDType.Int64 => 8,
            TensorDType.Float32 or TensorDType.Int32 => 4,
            TensorDType.Float16 or TensorDType.BFloat16 or TensorDType.Int16 => 2,
            TensorDType.Int8 or TensorDType.UInt8 or TensorDType.Bool => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
        };

    /// <summary>The dtype string of the safetensors header ("F32", "I64"...).</summary>
    public static string SafetensorsName(this TensorDType dtype) =>
        dtype switch
        {
            TensorDType.Float32 => "F32",
            TensorDType.Float64 => "F64",
            TensorDType.Float16 => "F16",
            TensorDType.BFloat16 => "BF16",
            TensorDType.Int64 => "I64",
            TensorDType.Int32 => "I32",
            TensorDType.Int16 => "I16",
            TensorDType.Int8 => "I8",
            TensorDType.UInt8 => "U8",
            TensorDType.Bool => "BOOL",
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
        };

    public static bool TryParseSafetensorsName(string name, out TensorDType dtype)
    {
        foreach (var candidate in Enum.GetValues<TensorDType>())
        {
            if (candidate.SafetensorsName() == name)
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }

    /// <summary>The .NET element type that views this dtype's bytes, or null (bfloat16 has none).</summary>
    public static Type? ClrType(this TensorDType dtype) =>
        dtype switch
        {
            TensorDType.Float32 => typeof(float),
            TensorDType.Float64 => typeof(double),
            TensorDType.Float16 => typeof(Half),
            TensorDType.Int64 => typeof(long),
            TensorDType.Int32 => typeof(int),
            TensorDType.Int16 => typeof(short),
            TensorDType.Int8 => typeof(sbyte),
            TensorDType.UInt8 => typeof(byte),
            TensorDType.Bool => typeof(bool),
            _ => null,
        };
}
