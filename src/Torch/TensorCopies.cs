using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Mlops.Torch;

/// <summary>
/// Host memory in and out of tensors in one byte copy each way. TorchSharp takes arrays only, and its element
/// accessor walks non-contiguous (channels_last) tensors one element at a time; these take spans (pooled batch
/// buffers) and read any layout through one contiguous copy, in row-major NCHW order.
/// </summary>
public static class TensorCopies
{
    /// <summary>A new tensor holding a copy of <paramref name="values"/> (the caller may reuse its buffer at
    /// once).</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> values, ReadOnlySpan<long> shape) =>
        FromBytes(MemoryMarshal.AsBytes(values), shape, ScalarType.Float32);

    /// <inheritdoc cref="FromSpan(ReadOnlySpan{float}, ReadOnlySpan{long})"/>
    public static Tensor FromSpan(ReadOnlySpan<long> values, ReadOnlySpan<long> shape) =>
        FromBytes(MemoryMarshal.AsBytes(values), shape, ScalarType.Int64);

    /// <summary>The elements in row-major order of the sizes, whatever the memory layout.</summary>
    public static T[] ToArray<T>(this Tensor tensor)
        where T : unmanaged
    {
        var result = new T[tensor.numel()];
        CopyTo(tensor, result.AsSpan());
        return result;
    }

    /// <summary>Copies the elements (row-major order of the sizes) into <paramref name="destination"/>, which must
    /// have exactly that many.</summary>
    public static void CopyTo<T>(this Tensor tensor, Span<T> destination)
        where T : unmanaged
    {
        if (destination.Length != tensor.numel())
            throw new ArgumentException($"{destination.Length} elements cannot hold a tensor of {tensor.numel()}");
        if (destination.Length == 0)
            return;
        using var noGrad = no_grad();
        using var contiguous = tensor.is_contiguous() ? tensor.alias() : tensor.contiguous();
        var bytes = contiguous.bytes; // a span over the tensor's own memory
        if (bytes.Length != destination.Length * Marshal.SizeOf<T>())
            throw new ArgumentException($"a {tensor.dtype} tensor cannot be read as {typeof(T).Name}");
        bytes.CopyTo(MemoryMarshal.AsBytes(destination));
    }

    private static Tensor FromBytes(ReadOnlySpan<byte> bytes, ReadOnlySpan<long> shape, ScalarType dtype)
    {
        var result = empty(shape, dtype);
        if (result.numel() * result.element_size() != bytes.Length)
        {
            result.Dispose();
            throw new ArgumentException(
                $"{bytes.Length} bytes do not fill a {dtype} tensor of shape [{string.Join(", ", shape.ToArray())}]"
            );
        }
        if (bytes.Length > 0)
            bytes.CopyTo(result.bytes); // the getter is a span over the tensor's own memory
        return result;
    }
}
