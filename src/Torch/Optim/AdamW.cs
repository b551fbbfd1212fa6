using Mlops.Torch.PInvoke;

namespace Mlops.Torch.Optim;

/// <summary>
/// Adam with decoupled weight decay, updating exactly as torch.optim.AdamW (amsgrad off). State per parameter:
/// "step" (float64 scalar), "exp_avg", "exp_avg_sq".
/// </summary>
public sealed class AdamW : Optimizer
{
    private readonly Tensor?[] expAvgs;
    private readonly Tensor?[] expAvgSqs;
    private readonly double[] steps;
    private readonly IntPtr[] avgHandles;
    private readonly IntPtr[] sqHandles;

    public AdamW(
        IEnumerable<ParamGroup> groups,
        double lr = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double eps = 1e-8,
        double weight_decay = 1e-2,
        bool maximize = false
    )
        : base(groups, lr, weight_decay)
    {
        if (beta1 < 0 || beta1 >= 1)
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1)");
        if (beta2 < 0 || beta2 >= 1)
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1)");
        if (eps < 0)
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be >= 0");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.maximize = maximize;
        expAvgs = new Tensor?[Parameters.Count];
        expAvgSqs = new Tensor?[Parameters.Count];
        steps = new double[Parameters.Count];
        avgHandles = new IntPtr[Parameters.Count];
        sqHandles = new IntPtr[Parameters.Count];
    }

    public AdamW(
        IEnumerable<(string name, Parameter parameter)> parameters,
        double lr = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double eps = 1e-8,
        double weight_decay = 1e-2,
        bool maximize = false
    )
        : this([new ParamGroup(parameters.ToList())], lr, beta1, beta2, eps, weight_decay, maximize) { }

    public AdamW(
        IEnumerable<Parameter> parameters,
        double lr = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double eps = 1e-8,
        double weight_decay = 1e-2,
        bool maximize = false
    )
        : this(Numbered(parameters), lr, beta1, beta2, eps, weight_decay, maximize) { }

    public double beta1 { get; }
    public double beta2 { get; }
    public (double, double) betas => (beta1, beta2);
    public double eps { get; }
    public bool maximize { get; }

    public override unsafe void step()
    {
        var parameters = ParameterHandles();
        var avgs = avgHandles;
        var sqs = sqHandles;
        for (int k = 0; k < avgs.Length; k++)
        {
            avgs[k] = HandleOf(expAvgs[k]);
            sqs[k] = HandleOf(expAvgSqs[k]);
        }
        int status = 0;
        fixed (IntPtr* p = parameters)
        fixed (IntPtr* a = avgs)
        fixed (IntPtr* s = sqs)
        fixed (double* st = steps)
            foreach (var (start, count, decay) in Groups)
                if (
                    (
                        status = NativeMethods.mlt_adamw_step(
                            p + start,
                            a + start,
                            s + start,
                            st + start,
                            count,
                            lr,
                            beta1,
                            beta2,
                            eps,
                            decay,
                            maximize ? 1 : 0
                        )
                    ) != 0
                )
                    break;
        for (int k = 0; k < avgs.Length; k++)
        {
            if (expAvgs[k] is null && avgs[k] != IntPtr.Zero)
                expAvgs[k] = Tensor.Unscoped(avgs[k]);
            if (expAvgSqs[k] is null && sqs[k] != IntPtr.Zero)
                expAvgSqs[k] = Tensor.Unscoped(sqs[k]);
        }
        GC.KeepAlive(Parameters);
        GC.KeepAlive(expAvgs);
        GC.KeepAlive(expAvgSqs);
        Native.Check(status);
    }

    protected override IEnumerable<(string, Tensor)> CopyStateOf(int k)
    {
        if (expAvgs[k] is null || expAvgSqs[k] is null)
            yield break;
        yield return ("step", torch.tensor(steps[k]));
        yield return ("exp_avg", expAvgs[k]!.clone());
        yield return ("exp_avg_sq", expAvgSqs[k]!.clone());
    }

    protected override void LoadStateOf(int k, IReadOnlyDictionary<string, Tensor> entries)
    {
        expAvgs[k]?.Dispose();
        expAvgSqs[k]?.Dispose();
        expAvgs[k] = expAvgSqs[k] = null;
        steps[k] = 0;
        if (entries.Count == 0)
            return;
        if (
            !entries.TryGetValue("step", out var step)
            || !entries.TryGetValue("exp_avg", out var avg)
            || !entries.TryGetValue("exp_avg_sq", out var sq)
        )
            throw new Core.Errors.MlopsException(
                $"optimizer state of {Names[k]} needs step, exp_avg and exp_avg_sq",
                "optimizer state"
            );
        steps[k] = step.item<double>();
        expAvgs[k] = OwnedCopy(k, avg, "exp_avg");
        expAvgSqs[k] = OwnedCopy(k, sq, "exp_avg_sq");
    }

    protected override void DisposeState()
    {
        foreach (var t in expAvgs)
            t?.Dispose();
        foreach (var t in expAvgSqs)
            t?.Dispose();
    }
}
