using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch;

// Reductions. Enum values mirror tensor_math.cpp.
public partial class Tensor
{
    private enum ReduceOp
    {
        Sum,
        Mean,
        Max,
        Min,
        Prod,
        All,
        Any,
        Std,
        Var,
    }

    private Tensor Reduce(ReduceOp op) =>
        Result(NativeMethods.mlt_reduce((int)op, Handle, default, -1, 0, out var r), r);

    private Tensor Reduce(ReduceOp op, ReadOnlySpan<long> dims, bool keepdim) =>
        Result(NativeMethods.mlt_reduce((int)op, Handle, dims, dims.Length, keepdim ? 1 : 0, out var r), r);

    public Tensor sum() => Reduce(ReduceOp.Sum);

    public Tensor sum(long dim, bool keepdim = false) => Reduce(ReduceOp.Sum, [dim], keepdim);

    public Tensor sum(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Sum, dims, keepdim);

    public Tensor mean() => Reduce(ReduceOp.Mean);

    public Tensor mean(long dim, bool keepdim = false) => Reduce(ReduceOp.Mean, [dim], keepdim);

    public Tensor mean(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Mean, dims, keepdim);

    public Tensor std() => Reduce(ReduceOp.Std);

    public Tensor std(long dim, bool keepdim = false) => Reduce(ReduceOp.Std, [dim], keepdim);

    public Tensor var() => Reduce(ReduceOp.Var);

    public Tensor var(long dim, bool keepdim = false) => Reduce(ReduceOp.Var, [dim], keepdim);

    public Tensor prod() => Reduce(ReduceOp.Prod);

    public Tensor prod(long dim, bool keepdim = false) => Reduce(ReduceOp.Prod, [dim], keepdim);

    public Tensor all() => Reduce(ReduceOp.All);

    public Tensor all(long dim, bool keepdim = false) => Reduce(ReduceOp.All, [dim], keepdim);

    public Tensor any() => Reduce(ReduceOp.Any);

    public Tensor any(long dim, bool keepdim = false) => Reduce(ReduceOp.Any, [dim], keepdim);

    /// <summary>The largest element.</summary>
    public Tensor max() => Reduce(ReduceOp.Max);

    /// <summary>The smallest element.</summary>
    public Tensor min() => Reduce(ReduceOp.Min);

    /// <summary>Maxima along a dimension and where they are, like <c>torch.max(x, dim)</c>.</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false) => MaxMin(dim, keepdim, isMin: false);

    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false) => MaxMin(dim, keepdim, isMin: true);

    public Tensor amax(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Max, dims, keepdim);

    public Tensor amin(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Min, dims, keepdim);

    /// <summary>Index of the largest element of the flattened tensor.</summary>
    public Tensor argmax() => Result(NativeMethods.mlt_argmax(Handle, 0, 0, 0, 0, out var r), r);

    public Tensor argmax(long dim, bool keepdim = false) =>
        Result(NativeMethods.mlt_argmax(Handle, dim, 1, keepdim ? 1 : 0, 0, out var r), r);

    public Tensor argmin() => Result(NativeMethods.mlt_argmax(Handle, 0, 0, 0, 1, out var r), r);

    public Tensor argmin(long dim, bool keepdim = false) =>
        Result(NativeMethods.mlt_argmax(Handle, dim, 1, keepdim ? 1 : 0, 1, out var r), r);

    private (Tensor, Tensor) MaxMin(long dim, bool keepdim, bool isMin)
    {
        Check(NativeMethods.mlt_max_dim(Handle, dim, keepdim ? 1 : 0, isMin ? 1 : 0, out var values, out var indices));
        return (new Tensor(values), new Tensor(indices));
    }
}
