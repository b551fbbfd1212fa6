using System.Runtime.CompilerServices;
using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch;

// Moving data between tensors and .NET memory.
public partial class Tensor
{
    /// <summary>A copy of the elements in row-major order; T must match <see cref="dtype"/>.</summary>
    public T[] ToArray<T>()
        where T : unmanaged
    {
        var result = new T[numel()];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements (row-major) into <paramref name="destination"/>, which must hold exactly numel()
    /// items.</summary>
    public unsafe void CopyTo<T>(Span<T> destination)
        where T : unmanaged
    {
        CheckElementType<T>();
        fixed (T* p = destination)
            Check(NativeMethods.mlt_copy_to_buffer(Handle, p, (long)destination.Length * sizeof(T)));
    }

    /// <summary>Overwrites this contiguous tensor's elements with <paramref name="source"/> (exactly numel()
    /// items).</summary>
    public unsafe void CopyFrom<T>(ReadOnlySpan<T> source)
        where T : unmanaged
    {
        CheckElementType<T>();
        fixed (T* p = source)
            Check(NativeMethods.mlt_copy_from_buffer(Handle, p, (long)source.Length * sizeof(T)));
    }

    /// <summary>
    /// The tensor's own memory as a span (contiguous tensors only), with no copy. Valid while the tensor lives;
    /// writing to it bypasses autograd.
    /// </summary>
    public unsafe Span<T> AsSpan<T>()
        where T : unmanaged
    {
        CheckElementType<T>();
        Check(NativeMethods.mlt_data_ptr(Handle, out var data));
        return new Span<T>((void*)data, checked((int)numel()));
    }

    /// <summary>The single element of a one-element tensor, converted to T.</summary>
    public T item<T>()
        where T : unmanaged
    {
        Check(NativeMethods.mlt_item(Handle, out var d, out var i));
        if (typeof(T) == typeof(float))
        {
            var v = (float)d;
            return Unsafe.As<float, T>(ref v);
        }
        if (typeof(T) == typeof(double))
            return Unsafe.As<double, T>(ref d);
        if (typeof(T) == typeof(long))
            return Unsafe.As<long, T>(ref i);
        if (typeof(T) == typeof(int))
        {
            var v = (int)i;
            return Unsafe.As<int, T>(ref v);
        }
        if (typeof(T) == typeof(bool))
        {
            var v = i != 0;
            return Unsafe.As<bool, T>(ref v);
        }
        if (typeof(T) == typeof(byte))
        {
            var v = (byte)i;
            return Unsafe.As<byte, T>(ref v);
        }
        throw new ArgumentException($"item<{typeof(T).Name}> is not supported");
    }

    private void CheckElementType<T>()
        where T : unmanaged
    {
        var wanted = ScalarTypes.Of<T>();
        var actual = dtype;
        if (wanted != actual)
            throw new TorchException($"tensor holds {actual} elements, not {typeof(T).Name} ({wanted})");
    }
}
