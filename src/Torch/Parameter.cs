using Mlops.Torch.PInvoke;

namespace Mlops.Torch;

/// <summary>
/// A tensor a module learns (requires_grad by default). Like <c>nn.Parameter(t)</c> it shares memory with the
/// tensor it wraps, and it belongs to its module, never to a dispose scope.
/// </summary>
public sealed class Parameter : Tensor
{
    public Parameter(Tensor data, bool requires_grad = true)
        : base(Alias(data), unscoped: true)
    {
        this.requires_grad = requires_grad;
    }

    private static IntPtr Alias(Tensor data)
    {
        Native.Check(NativeMethods.mlt_unary((int)UnaryOp.Detach, data.Handle, out var alias));
        return alias;
    }
}
