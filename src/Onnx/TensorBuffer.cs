using System.Buffers;
using System.Runtime.InteropServices;

namespace Mlops.Onnx;

/// <summary>
/// A named tensor over memory the caller owns: an input to <see cref="InferenceSession.Run(IReadOnlyList{TensorBuffer})"/>,
/// or an output buffer ORT writes into. The memory is pinned for the duration of a call and never copied.
/// </summary>
public abstract class TensorBuffer
{
    private protected TensorBuffer(string name, TensorElementType elementType, long[] shape, int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"tensor '{name}': dimension {dimension} is negative; a buffer needs a concrete shape", nameof(shape));
            }

            count *= dimension;
        }

        if (count != length)
        {
            throw new ArgumentException(
                $"tensor '{name}': shape [{string.Join(", ", shape)}] holds {count} elements but the buffer has {length}", nameof(shape));
        }

        Name = name;
        ElementType = elementType;
        Shape = shape.ToArray(); // our own copy: a later change to the caller's array cannot break the length check
    }

    public string Name { get; }

    public TensorElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    internal long[] ShapeArray => (long[])Shape;

    public static TensorBuffer Float(string name, Memory<float> data, params long[] shape) =>
        new Typed<float>(name, TensorElementType.Float, data, shape);

    public static TensorBuffer Int64(string name, Memory<long> data, params long[] shape) =>
        new Typed<long>(name, TensorElementType.Int64, data, shape);

    public static TensorBuffer Int32(string name, Memory<int> data, params long[] shape) =>
        new Typed<int>(name, TensorElementType.Int32, data, shape);

    /// <summary>Pins the memory; the returned handle must be disposed once ORT no longer uses it.</summary>
    internal abstract MemoryHandle Pin(out nuint byteLength);

    private sealed class Typed<T>(string name, TensorElementType elementType, Memory<T> data, long[] shape)
        : TensorBuffer(name, elementType, shape, data.Length)
        where T : unmanaged
    {
        internal override MemoryHandle Pin(out nuint byteLength)
        {
            byteLength = (nuint)(data.Length * Marshal.SizeOf<T>());
            return data.Pin();
        }
    }
}
