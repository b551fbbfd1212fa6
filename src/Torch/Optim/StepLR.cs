namespace Mlops.Torch.Optim;

/// <summary>Multiplies the learning rate by gamma every step_size epochs.</summary>
public sealed class StepLR : LRScheduler
{
    public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1)
        : base(optimizer)
    {
        if (step_size < 1)
            throw new ArgumentOutOfRangeException(nameof(step_size), step_size, "step_size must be >= 1");
        this.step_size = step_size;
        this.gamma = gamma;
        Initialize(last_epoch);
    }

    public int step_size { get; }
    public double gamma { get; }

    protected override double get_lr() =>
        last_epoch == 0 || last_epoch % step_size != 0 ? optimizer.lr : optimizer.lr * gamma;

    protected override double? closed_form_lr() => base_lr * Math.Pow(gamma, last_epoch / step_size);
}
