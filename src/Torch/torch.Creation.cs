using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch;

// Creating tensors. Fill kinds mirror tensor_create.cpp.
public static partial class torch
{
    private enum Fill
    {
        Empty,
        Zeros,
        Ones,
        Rand,
        Randn,
    }

    private static Tensor New(Fill kind, ReadOnlySpan<long> shape, ScalarType dtype, bool requires_grad)
    {
        Check(NativeMethods.mlt_new((int)kind, shape, shape.Length, (int)dtype, requires_grad ? 1 : 0, out var r));
        return new Tensor(r);
    }

    private static Tensor Like(Fill kind, Tensor a, ScalarType? dtype)
    {
        Check(NativeMethods.mlt_new_like((int)kind, a.Handle, dtype.HasValue ? (int)dtype.Value : -1, out var r));
        return new Tensor(r);
    }

    public static Tensor empty(long[] shape, ScalarType dtype = float32, bool requires_grad = false) =>
        New(Fill.Empty, shape, dtype, requires_grad);

    public static Tensor zeros(long[] shape, ScalarType dtype = float32, bool requires_grad = false) =>
        New(Fill.Zeros, shape, dtype, requires_grad);

    public static Tensor ones(long[] shape, ScalarType dtype = float32, bool requires_grad = false) =>
        New(Fill.Ones, shape, dtype, requires_grad);

    public static Tensor rand(long[] shape, ScalarType dtype = float32, bool requires_grad = false) =>
        New(Fill.Rand, shape, dtype, requires_grad);

    public static Tensor randn(long[] shape, ScalarType dtype = float32, bool requires_grad = false) =>
        New(Fill.Randn, shape, dtype, requires_grad);

    public static Tensor empty(params long[] shape) => New(Fill.Empty, shape, float32, false);

    public static Tensor zeros(params long[] shape) => New(Fill.Zeros, shape, float32, false);

    public static Tensor ones(params long[] shape) => New(Fill.Ones, shape, float32, false);

    public static Tensor rand(params long[] shape) => New(Fill.Rand, shape, float32, false);

    public static Tensor randn(params long[] shape) => New(Fill.Randn, shape, float32, false);

    public static Tensor empty_like(Tensor a, ScalarType? dtype = null) => Like(Fill.Empty, a, dtype);

    public static Tensor zeros_like(Tensor a, ScalarType? dtype = null) => Like(Fill.Zeros, a, dtype);

    public static Tensor ones_like(Tensor a, ScalarType? dtype = null) => Like(Fill.Ones, a, dtype);

    public static Tensor rand_like(Tensor a, ScalarType? dtype = null) => Like(Fill.Rand, a, dtype);

    public static Tensor randn_like(Tensor a, ScalarType? dtype = null) => Like(Fill.Randn, a, dtype);

    public static Tensor full(long[] shape, Scalar value, ScalarType dtype = float32, bool requires_grad = false)
    {
        Check(NativeMethods.mlt_full(shape, shape.Length, value, (int)dtype, requires_grad ? 1 : 0, out var r));
        return new Tensor(r);
    }

    public static Tensor full_like(Tensor a, Scalar value, ScalarType? dtype = null)
    {
        Check(NativeMethods.mlt_full_like(a.Handle, value, dtype.HasValue ? (int)dtype.Value : -1, out var r));
        return new Tensor(r);
    }

    /// <summary>Values start, start+step, ... below end (int64 unless a dtype is given).</summary>
    public static Tensor arange(Scalar start, Scalar end, Scalar? step = null, ScalarType dtype = int64)
    {
        Check(NativeMethods.mlt_arange(start, end, step ?? 1, (int)dtype, out var r));
        return new Tensor(r);
    }

    public static Tensor arange(Scalar end, ScalarType dtype = int64) => arange(0, end, 1, dtype);

    /// <summary>Uniform integers in [low, high).</summary>
    public static Tensor randint(long low, long high, long[] shape, ScalarType dtype = int64)
    {
        Check(NativeMethods.mlt_randint(low, high, shape, shape.Length, (int)dtype, out var r));
        return new Tensor(r);
    }

    public static Tensor randint(long high, long[] shape, ScalarType dtype = int64) => randint(0, high, shape, dtype);

    public static Tensor randperm(long n, ScalarType dtype = int64)
    {
        Check(NativeMethods.mlt_randperm(n, (int)dtype, out var r));
        return new Tensor(r);
    }

    /// <summary>A new tensor holding a copy of <paramref name="data"/> with the given shape (default: 1-D).</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> data, long[]? shape = null, bool requires_grad = false)
        where T : unmanaged
    {
        shape ??= [data.Length];
        var dtype = ScalarTypes.Of<T>();
        Tensor result;
        fixed (T* p = data)
        {
            Check(
                NativeMethods.mlt_from_data(
                    p,
                    (long)data.Length * sizeof(T),
                    shape,
                    shape.Length,
                    (int)dtype,
                    out var r
                )
            );
            result = new Tensor(r);
        }
        if (requires_grad)
            result.requires_grad_();
        return result;
    }

    public static Tensor tensor<T>(T[] data, long[]? shape = null, bool requires_grad = false)
        where T : unmanaged => tensor((ReadOnlySpan<T>)data, shape, requires_grad);

    /// <summary>A one-element, zero-dimensional tensor.</summary>
    public static Tensor tensor(float value) => tensor([value], []);

    public static Tensor tensor(double value) => tensor([value], []);

    public static Tensor tensor(long value) => tensor([value], []);

    /// <summary>
    /// A tensor over caller memory, without copying (like <c>torch.from_blob</c>). The caller keeps the memory
    /// pinned and alive for the tensor's whole life (e.g. a pinned batch buffer reused by a data loader).
    /// </summary>
    public static unsafe Tensor from_blob(IntPtr data, long[] shape, ScalarType dtype)
    {
        Check(NativeMethods.mlt_from_blob((void*)data, shape, shape.Length, (int)dtype, out var r));
        return new Tensor(r);
    }

    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: false);

    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: true);

    private static unsafe Tensor Join(IReadOnlyList<Tensor> tensors, long dim, bool stack)
    {
        Span<IntPtr> ptrs = tensors.Count <= 64 ? stackalloc IntPtr[tensors.Count] : new IntPtr[tensors.Count];
        for (int k = 0; k < tensors.Count; k++)
            ptrs[k] = tensors[k].Handle.DangerousGetHandle();
        IntPtr r;
        fixed (IntPtr* p = ptrs)
            Check(NativeMethods.mlt_cat(p, tensors.Count, dim, stack ? 1 : 0, out r));
        GC.KeepAlive(tensors);
        return new Tensor(r);
    }

    public static Tensor where(Tensor condition, Tensor x, Tensor y)
    {
        Check(NativeMethods.mlt_where(condition.Handle, x.Handle, y.Handle, out var r));
        return new Tensor(r);
    }
}
