using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch;

// Autograd.
public partial class Tensor
{
    public bool requires_grad
    {
        get => NativeMethods.mlt_requires_grad(Handle) != 0;
        set => Check(NativeMethods.mlt_requires_grad_(Handle, value ? 1 : 0));
    }

    public Tensor requires_grad_(bool requires_grad = true)
    {
        this.requires_grad = requires_grad;
        return this;
    }

    public bool is_leaf => NativeMethods.mlt_is_leaf(Handle) != 0;

    /// <summary>
    /// The accumulated gradient (null if none). Each read returns a new handle sharing the gradient's memory,
    /// owned like any other result (by the current dispose scope). Setting null clears it.
    /// </summary>
    public Tensor? grad
    {
        get
        {
            Check(NativeMethods.mlt_grad(Handle, out var g));
            return FromNativeOrNull(g);
        }
        set
        {
            Check(NativeMethods.mlt_set_grad(Handle, PtrOf(value)));
            GC.KeepAlive(value);
        }
    }

    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false)
    {
        Check(NativeMethods.mlt_backward(Handle, PtrOf(gradient), retain_graph ? 1 : 0, create_graph ? 1 : 0));
        GC.KeepAlive(gradient);
    }

    /// <summary>A view sharing memory that is cut off from the autograd graph.</summary>
    public Tensor detach() => Unary(UnaryOp.Detach);

    public Tensor detach_() => Unary_(UnaryOp.Detach);
}
