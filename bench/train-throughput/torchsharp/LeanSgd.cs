using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Bench.TrainThroughput.TorchSharp;

/// <summary>
/// SGD with Nesterov momentum and weight decay, the same update as torch.optim.SGD (dampening 0), in four in-place
/// passes per parameter and no allocation after the first step: the gradient becomes d_p in place (so p.grad holds
/// d_p after a step, not the raw gradient), and the scalars are made once. <see cref="ZeroGrad"/> drops the
/// gradients (set_to_none, as pytorch_reference.py and our binding do) instead of zeroing them.
/// </summary>
internal sealed class LeanSgd : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor?[] buffers;
    private readonly Scalar weightDecay, momentum, nesterovMomentum, minusLr;

    public LeanSgd(IEnumerable<Parameter> parameters, double lr, double momentum, double weightDecay)
    {
        this.parameters = parameters.ToArray();
        buffers = new Tensor?[this.parameters.Length];
        this.weightDecay = weightDecay.ToScalar();
        this.momentum = momentum.ToScalar();
        nesterovMomentum = momentum.ToScalar();
        minusLr = (-lr).ToScalar();
    }

    public void ZeroGrad()
    {
        foreach (var p in parameters) p.grad = null;
    }

    public void Step()
    {
        using var noGrad = no_grad();
        for (int k = 0; k < parameters.Length; k++)
        {
            var p = parameters[k];
            using var grad = p.grad;
            if (grad is null) continue;
            grad.add_(p, alpha: weightDecay);                                   // d_p = g + wd * p
            var buffer = buffers[k];
            if (buffer is null) buffers[k] = buffer = grad.detach().clone().DetachFromDisposeScope();
            else buffer.mul_(momentum).add_(grad);                               // buf = m * buf + d_p
            grad.add_(buffer, alpha: nesterovMomentum);                          // d_p = d_p + m * buf
            p.add_(grad, alpha: minusLr);                                        // p -= lr * d_p
        }
    }

    public void Dispose()
    {
        foreach (var buffer in buffers) buffer?.Dispose();
        weightDecay.Dispose();
        momentum.Dispose();
        nesterovMomentum.Dispose();
        minusLr.Dispose();
    }
}
