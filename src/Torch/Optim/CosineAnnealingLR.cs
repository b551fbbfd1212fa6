namespace Mlops.Torch.Optim;

/// <summary>Cosine decay from the base learning rate to eta_min over T_max epochs.</summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    public CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1)
        : base(optimizer)
    {
        if (T_max < 1)
            throw new ArgumentOutOfRangeException(nameof(T_max), T_max, "T_max must be >= 1");
        this.T_max = T_max;
        this.eta_min = eta_min;
        Initialize(last_epoch);
    }

    public int T_max { get; }
    public double eta_min { get; }

    protected override double get_lr()
    {
        var lr = optimizer.lr;
        if (last_epoch == 0)
            return lr;
        if (step_count == 1 && last_epoch > 0)
            return eta_min + (base_lr - eta_min) * (1 + Math.Cos(last_epoch * Math.PI / T_max)) / 2;
        if (PyMod(last_epoch - 1 - T_max, 2 * T_max) == 0)
            return lr + (base_lr - eta_min) * (1 - Math.Cos(Math.PI / T_max)) / 2;
        return (1 + Math.Cos(Math.PI * last_epoch / T_max))
                / (1 + Math.Cos(Math.PI * (last_epoch - 1) / T_max))
                * (lr - eta_min)
            + eta_min;
    }

    protected override double? closed_form_lr() =>
        eta_min + (base_lr - eta_min) * (1 + Math.Cos(Math.PI * last_epoch / T_max)) / 2;
}
