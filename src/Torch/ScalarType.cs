namespace Mlops.Torch;

/// <summary>Element types; the values are libtorch's c10::ScalarType codes.</summary>
public enum ScalarType
{
    UInt8 = 0,
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    Float16 = 5,
    Float32 = 6,
    Float64 = 7,
    Bool = 11,
    BFloat16 = 15,
}

internal static class ScalarTypes
{
    /// <summary>The element type of a .NET type, so spans and arrays map to tensors without guessing.</summary>
    internal static ScalarType Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return ScalarType.Float32;
        if (typeof(T) == typeof(double))
            return ScalarType.Float64;
        if (typeof(T) == typeof(long))
            return ScalarType.Int64;
        if (typeof(T) == typeof(int))
            return ScalarType.Int32;
        if (typeof(T) == typeof(short))
            return ScalarType.Int16;
        if (typeof(T) == typeof(byte))
            return ScalarType.UInt8;
        if (typeof(T) == typeof(sbyte))
            return ScalarType.Int8;
        if (typeof(T) == typeof(bool))
            return ScalarType.Bool;
        if (typeof(T) == typeof(Half))
            return ScalarType.Float16;
        throw new ArgumentException($"{typeof(T).Name} has no tensor element type");
    }

    internal static int ElementSize(ScalarType t) =>
        t switch
        {
            ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Bool => 1,
            ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
            ScalarType.Int32 or ScalarType.Float32 => 4,
            _ => 8,
        };
}
