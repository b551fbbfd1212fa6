namespace Mlops.Torch.Optim;

/// <summary>Scales the learning rate linearly from start_factor to end_factor over total_iters epochs
/// (warm-up).</summary>
public sealed class LinearLR : LRScheduler
{
    public LinearLR(
        Optimizer optimizer,
        double start_factor = 1.0 / 3,
        double end_factor = 1.0,
        int total_iters = 5,
        int last_epoch = -1
    )
        : base(optimizer)
    {
        if (start_factor > 1 || start_factor <= 0)
            throw new ArgumentOutOfRangeException(nameof(start_factor), start_factor, "start_factor must be in (0, 1]");
        if (end_factor > 1 || end_factor < 0)
            throw new ArgumentOutOfRangeException(nameof(end_factor), end_factor, "end_factor must be in [0, 1]");
        if (total_iters < 1)
            throw new ArgumentOutOfRangeException(nameof(total_iters), total_iters, "total_iters must be >= 1");
        this.start_factor = start_factor;
        this.end_factor = end_factor;
        this.total_iters = total_iters;
        Initialize(last_epoch);
    }

    public double start_factor { get; }
    public double end_factor { get; }
    public int total_iters { get; }

    protected override double get_lr()
    {
        var lr = optimizer.lr;
        if (last_epoch == 0)
            return lr * start_factor;
        if (last_epoch > total_iters)
            return lr;
        return lr
            * (
                1.0
                + (end_factor - start_factor)
                    / (total_iters * start_factor + (last_epoch - 1) * (end_factor - start_factor))
            );
    }

    protected override double? closed_form_lr() =>
        base_lr * (start_factor + (end_factor - start_factor) * Math.Min(total_iters, last_epoch) / total_iters);
}
