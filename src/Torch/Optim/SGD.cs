using Mlops.Torch.PInvoke;

namespace Mlops.Torch.Optim;

/// <summary>
/// Stochastic gradient descent with momentum, dampening, Nesterov and (L2) weight decay, updating exactly as
/// torch.optim.SGD does. State per parameter: "momentum_buffer" (once momentum is used).
/// </summary>
public sealed class SGD : Optimizer
{
    private readonly Tensor?[] momentumBuffers;
    private readonly IntPtr[] bufferHandles;

    public SGD(
        IEnumerable<ParamGroup> groups,
        double lr,
        double momentum = 0,
        double dampening = 0,
        double weight_decay = 0,
        bool nesterov = false,
        bool maximize = false
    )
        : base(groups, lr, weight_decay)
    {
        if (momentum < 0)
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be >= 0");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.maximize = maximize;
        momentumBuffers = new Tensor?[Parameters.Count];
        bufferHandles = new IntPtr[Parameters.Count];
    }

    public SGD(
        IEnumerable<(string name, Parameter parameter)> parameters,
        double lr,
        double momentum = 0,
        double dampening = 0,
        double weight_decay = 0,
        bool nesterov = false,
        bool maximize = false
    )
        : this([new ParamGroup(parameters.ToList())], lr, momentum, dampening, weight_decay, nesterov, maximize) { }

    public SGD(
        IEnumerable<Parameter> parameters,
        double lr,
        double momentum = 0,
        double dampening = 0,
        double weight_decay = 0,
        bool nesterov = false,
        bool maximize = false
    )
        : this(Numbered(parameters), lr, momentum, dampening, weight_decay, nesterov, maximize) { }

    public double momentum { get; }
    public double dampening { get; }
    public bool nesterov { get; }
    public bool maximize { get; }

    public override unsafe void step()
    {
        var parameters = ParameterHandles();
        var buffers = bufferHandles;
        for (int k = 0; k < buffers.Length; k++)
            buffers[k] = HandleOf(momentumBuffers[k]);
        int status = 0;
        fixed (IntPtr* p = parameters)
        fixed (IntPtr* b = buffers)
            foreach (var (start, count, decay) in Groups)
                if (
                    (
                        status = NativeMethods.mlt_sgd_step(
                            p + start,
                            b + start,
                            count,
                            lr,
                            momentum,
                            dampening,
                            decay,
                            nesterov ? 1 : 0,
                            maximize ? 1 : 0
                        )
                    ) != 0
                )
                    break;
        // Buffers created by the shim are ours even if a later parameter failed.
        for (int k = 0; k < buffers.Length; k++)
            if (momentumBuffers[k] is null && buffers[k] != IntPtr.Zero)
                momentumBuffers[k] = Tensor.Unscoped(buffers[k]);
        GC.KeepAlive(Parameters);
        GC.KeepAlive(momentumBuffers);
        Native.Check(status);
    }

    protected override IEnumerable<(string, Tensor)> CopyStateOf(int k)
    {
        if (momentumBuffers[k] is { } buffer)
            yield return ("momentum_buffer", buffer.clone());
    }

    protected override void LoadStateOf(int k, IReadOnlyDictionary<string, Tensor> entries)
    {
        momentumBuffers[k]?.Dispose();
        momentumBuffers[k] = entries.TryGetValue("momentum_buffer", out var b)
            ? OwnedCopy(k, b, "momentum_buffer")
            : null;
    }

    protected override void DisposeState()
    {
        foreach (var b in momentumBuffers)
            b?.Dispose();
    }
}
