using System.Runtime.InteropServices;

namespace Mlops.Torch.Serialization;

/// <summary>
/// One stored tensor: element type, shape and its contiguous (row-major, little-endian) bytes.
/// The neutral form every weight file is read into and written from.
/// </summary>
public sealed class TensorData
{
    public TensorData(TensorDType dtype, long[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Any(dim => dim < 0))
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] has a negative dimension", nameof(shape));
        var expected = ElementCountOf(shape) * dtype.ElementSize();
        if (expected != data.Length)
            throw new ArgumentException(
                $"{dtype} tensor of shape [{string.Join(", ", shape)}] needs {expected} bytes, got {data.Length}",
                nameof(data)
            );
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    public TensorDType DType { get; }
    public long[] Shape { get; }
    public byte[] Data { get; }

    public long ElementCount => ElementCountOf(Shape);

    /// <summary>Wraps a copy of <paramref name="values"/> with the dtype matching <typeparamref name="T"/>.</summary>
    public static TensorData From<T>(ReadOnlySpan<T> values, params long[] shape)
        where T : unmanaged
    {
        var dtype = DTypeOf<T>();
        return new TensorData(dtype, shape, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>The elements as <typeparamref name="T"/>; the type must match <see cref="DType"/>.</summary>
    public T[] ToArray<T>()
        where T : unmanaged
    {
        if (DType.ClrType() != typeof(T))
            throw new InvalidOperationException($"tensor holds {DType}, not {typeof(T).Name}");
        return MemoryMarshal.Cast<byte, T>(Data).ToArray();
    }

    public static long ElementCountOf(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
            count = checked(count * dim);
        return count;
    }

    public override string ToString() => $"{DType}[{string.Join(", ", Shape)}]";

    private static TensorDType DTypeOf<T>()
        where T : unmanaged
    {
        foreach (var dtype in Enum.GetValues<TensorDType>())
            if (dtype.ClrType() == typeof(T))
                return dtype;
        throw new NotSupportedException($"no tensor dtype for {typeof(T).Name}");
    }
}
