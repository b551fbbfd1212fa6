using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Torch.Optim;

/// <summary>
/// TorchSharp's SGD with its step done in place. TorchSharp's <c>SGD.step</c> allocates two whole new tensors per
/// parameter (<c>grad.add(param)</c>, <c>grad.add(buf)</c>) and makes and frees a native Scalar for every number on
/// every call; on ResNet-18 that was 24 ms of a 350 ms step against PyTorch's 14 (bench/train-throughput). This does
/// the same update (dampening 0) in four in-place passes with no allocation after the first step: the gradient
/// becomes d_p in place, so <c>p.grad</c> holds the applied direction after a step, not the raw gradient.
/// Everything else — parameter groups, options, the learning-rate schedulers, state — is TorchSharp's SGD.
/// <see cref="zero_grad"/> drops the gradients (PyTorch 2's default, set_to_none) instead of zeroing them, so backward
/// hands its result over rather than adding into old buffers.
/// </summary>
public sealed class InPlaceSgd : SGD
{
    private readonly Dictionary<(double Decay, double Momentum), (Scalar Decay, Scalar Momentum)> scalars = [];

    public InPlaceSgd(IEnumerable<ParamGroup> groups, double lr, double momentum, double weightDecay, bool nesterov)
        : base(groups, lr, momentum, dampening: 0, weight_decay: weightDecay, nesterov: nesterov) { }

    public override void zero_grad()
    {
        foreach (var parameter in parameters())
            parameter.grad = null;
    }

    public override Tensor step(Func<Tensor>? closure = null) =>
        _step<ParamGroup>(
            group =>
            {
                var options = group.Options;
                if (options.dampening != 0 || options.maximize == true)
                    throw new NotSupportedException("InPlaceSgd does dampening 0 and minimisation only");
                double momentum = options.momentum!.Value;
                var (decay, momentumScalar) = ScalarsFor(options.weight_decay!.Value, momentum);
                using var minusLr = (-options.LearningRate!.Value).ToScalar();
                foreach (var parameter in group.Parameters)
                {
                    using var grad = parameter.grad;
                    if (grad is null)
                        continue;
                    if (options.weight_decay != 0)
                        grad.add_(parameter, alpha: decay); // d_p = g + wd * p
                    if (momentum != 0)
                    {
                        var state = (State)_state[parameter.Handle];
                        if (state.momentum_buffer is null)
                            state.momentum_buffer = grad.detach().clone().DetachFromDisposeScope();
                        else
                            state.momentum_buffer.mul_(momentumScalar).add_(grad); // buf = m * buf + d_p
                        if (options.nesterov == true)
                            grad.add_(state.momentum_buffer, alpha: momentumScalar); // d_p = d_p + m * buf
                        else
                            grad.copy_(state.momentum_buffer);
                    }
                    parameter.add_(grad, alpha: minusLr); // p -= lr * d_p
                }
            },
            closure
        );

    /// <summary>The weight decay and momentum as native scalars, made once per distinct pair.</summary>
    private (Scalar Decay, Scalar Momentum) ScalarsFor(double weightDecay, double momentum)
    {
        if (!scalars.TryGetValue((weightDecay, momentum), out var pair))
            scalars[(weightDecay, momentum)] = pair = (weightDecay.ToScalar(), momentum.ToScalar());
        return pair;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var (decay, momentum) in scalars.Values)
            {
                decay.Dispose();
                momentum.Dispose();
            }
            scalars.Clear();
        }
        base.Dispose(disposing);
    }
}
