using Mlops.Torch.PInvoke;

namespace Mlops.Torch;

/// <summary>Gradient housekeeping over a parameter list in one native call.</summary>
public static class Gradients
{
    /// <summary>Clears the gradients of <paramref name="parameters"/>: drop them (set_to_none) or zero them.</summary>
    public static unsafe void Clear(IReadOnlyList<Tensor> parameters, bool set_to_none = true)
    {
        if (parameters.Count == 0)
            return;
        var ptrs = Handles(parameters);
        fixed (IntPtr* p = ptrs)
            Native.Check(NativeMethods.mlt_zero_grads(p, ptrs.Length, set_to_none ? 1 : 0));
        GC.KeepAlive(parameters);
    }

    /// <summary>Rescales gradients so their global L2 norm is at most max_norm; returns the norm before
    /// clipping.</summary>
    public static unsafe double clip_grad_norm_(IReadOnlyList<Tensor> parameters, double max_norm)
    {
        var ptrs = Handles(parameters);
        double total;
        fixed (IntPtr* p = ptrs)
            Native.Check(NativeMethods.mlt_clip_grad_norm(p, ptrs.Length, max_norm, out total));
        GC.KeepAlive(parameters);
        return total;
    }

    internal static IntPtr[] Handles(IReadOnlyList<Tensor> tensors)
    {
        var ptrs = new IntPtr[tensors.Count];
        for (int k = 0; k < ptrs.Length; k++)
            ptrs[k] = tensors[k].Handle.DangerousGetHandle();
        return ptrs;
    }
}
