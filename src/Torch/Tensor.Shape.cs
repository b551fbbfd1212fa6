using Mlops.Torch.PInvoke;

namespace Mlops.Torch;

// Views, reshapes and indexing. Enum values mirror tensor_shape.cpp.
public partial class Tensor
{
    private enum ReshapeOp
    {
        Reshape,
        View,
        Permute,
        Expand,
        Repeat,
    }

    private Tensor Reshape(ReshapeOp op, ReadOnlySpan<long> shape) =>
        Result(NativeMethods.mlt_reshape((int)op, Handle, shape, shape.Length, out var r), r);

    public Tensor reshape(params long[] shape) => Reshape(ReshapeOp.Reshape, shape);

    public Tensor view(params long[] shape) => Reshape(ReshapeOp.View, shape);

    public Tensor permute(params long[] dims) => Reshape(ReshapeOp.Permute, dims);

    public Tensor expand(params long[] shape) => Reshape(ReshapeOp.Expand, shape);

    public Tensor repeat(params long[] repeats) => Reshape(ReshapeOp.Repeat, repeats);

    public Tensor transpose(long dim0, long dim1) =>
        Result(NativeMethods.mlt_transpose(Handle, dim0, dim1, out var r), r);

    public Tensor t() => Result(NativeMethods.mlt_t(Handle, out var r), r);

    public Tensor flatten(long start_dim = 0, long end_dim = -1) =>
        Result(NativeMethods.mlt_flatten(Handle, start_dim, end_dim, out var r), r);

    public Tensor squeeze() => Result(NativeMethods.mlt_squeeze(Handle, 0, 0, out var r), r);

    public Tensor squeeze(long dim) => Result(NativeMethods.mlt_squeeze(Handle, dim, 1, out var r), r);

    public Tensor unsqueeze(long dim) => Result(NativeMethods.mlt_unsqueeze(Handle, dim, out var r), r);

    public Tensor narrow(long dim, long start, long length) =>
        Result(NativeMethods.mlt_narrow(Handle, dim, start, length, out var r), r);

    /// <summary>Like <c>x[..., start:end:step, ...]</c> on one dimension.</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) =>
        Result(NativeMethods.mlt_slice(Handle, dim, start, end, step, out var r), r);

    /// <summary>Like <c>x[..., index, ...]</c>: removes the dimension.</summary>
    public Tensor select(long dim, long index) => Result(NativeMethods.mlt_select(Handle, dim, index, out var r), r);

    public Tensor index_select(long dim, Tensor index) =>
        Result(NativeMethods.mlt_index_select(Handle, dim, index.Handle, out var r), r);

    public Tensor gather(long dim, Tensor index) =>
        Result(NativeMethods.mlt_gather(Handle, dim, index.Handle, out var r), r);

    /// <summary>Like <c>x[mask]</c> or <c>x[indices]</c> with a bool mask or int64 index tensor.</summary>
    public Tensor index(Tensor indices) => Result(NativeMethods.mlt_index(Handle, indices.Handle, out var r), r);

    public Tensor masked_fill(Tensor mask, Scalar value) =>
        Result(NativeMethods.mlt_masked_fill(Handle, mask.Handle, value, 0, out var r), r);

    public Tensor masked_fill_(Tensor mask, Scalar value)
    {
        Native.Check(NativeMethods.mlt_masked_fill(Handle, mask.Handle, value, 1, out _));
        return this;
    }

    /// <summary>A copy laid out in <paramref name="memory_format"/> (or this tensor if it already is).</summary>
    public Tensor contiguous(MemoryFormat memory_format) =>
        Result(NativeMethods.mlt_contiguous_format(Handle, (int)memory_format, out var r), r);

    public bool is_contiguous(MemoryFormat memory_format)
    {
        Native.Check(NativeMethods.mlt_is_contiguous_format(Handle, (int)memory_format, out var r));
        return r != 0;
    }

    /// <summary>Re-lays out this tensor's data in place, keeping its identity (what <c>p.data = p.contiguous(fmt)</c>
    /// does).</summary>
    internal void Relayout(MemoryFormat memory_format) =>
        Native.Check(NativeMethods.mlt_relayout_(Handle, (int)memory_format));

    /// <summary><c>x[i]</c>: the i-th slice along the first dimension.</summary>
    public Tensor this[long i] => select(0, i);
}
