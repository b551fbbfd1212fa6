using System.Globalization;

namespace Mlops.Torch.Optim;

/// <summary>
/// Base of the learning-rate schedules, reproducing torch.optim.lr_scheduler (PyTorch 1.13) step for step,
/// including its recursive ("chainable") formulas. Call <see cref="step()"/> after each optimizer epoch (or step).
/// </summary>
public abstract class LRScheduler
{
    protected LRScheduler(Optimizer optimizer) => this.optimizer = optimizer;

    public Optimizer optimizer { get; }

    /// <summary>The learning rate the schedule starts from (the optimizer's initial_lr).</summary>
    public double base_lr { get; private set; }

    /// <summary>How many times the schedule has stepped (0 after construction).</summary>
    public int last_epoch { get; internal set; }

    internal int step_count;
    private double lastLr;

    /// <summary>Derived constructors call this last, once their own settings are in place (as PyTorch's __init__
    /// does).</summary>
    protected void Initialize(int last_epoch)
    {
        if (last_epoch == -1)
            optimizer.initial_lr ??= optimizer.lr;
        else if (optimizer.initial_lr is null)
            throw new ArgumentException(
                "resuming a schedule (last_epoch != -1) needs the optimizer's initial_lr",
                nameof(last_epoch)
            );
        base_lr = optimizer.initial_lr!.Value;
        this.last_epoch = last_epoch;
        InitialStep();
    }

    internal void InitialStep()
    {
        step_count = 0;
        step();
    }

    public virtual void step()
    {
        step_count++;
        last_epoch++;
        Apply(get_lr());
    }

    /// <summary>Jumps to <paramref name="epoch"/> using the closed form when the schedule has one.</summary>
    public void step(int epoch)
    {
        step_count++;
        last_epoch = epoch;
        Apply(closed_form_lr() ?? get_lr());
    }

    public virtual double get_last_lr() => lastLr;

    /// <summary>The next learning rate from the current one (PyTorch's chainable get_lr).</summary>
    protected abstract double get_lr();

    protected virtual double? closed_form_lr() => null;

    private void Apply(double lr)
    {
        optimizer.lr = lr;
        lastLr = lr;
    }

    /// <summary>The schedule's progress, to save with a checkpoint.</summary>
    public virtual Dictionary<string, double> state_dict() =>
        new(StringComparer.Ordinal)
        {
            ["last_epoch"] = last_epoch,
            ["step_count"] = step_count,
            ["base_lr"] = base_lr,
            ["last_lr"] = lastLr,
        };

    /// <summary>Restores a state saved by <see cref="state_dict"/> (the optimizer's lr is restored with the optimizer's
    /// own state).</summary>
    public virtual void load_state_dict(IReadOnlyDictionary<string, double> state)
    {
        last_epoch = (int)Read(state, "last_epoch");
        step_count = (int)Read(state, "step_count");
        base_lr = Read(state, "base_lr");
        lastLr = Read(state, "last_lr");
    }

    protected static double Read(IReadOnlyDictionary<string, double> state, string key) =>
        state.TryGetValue(key, out var v)
            ? v
            : throw new Core.Errors.MlopsException($"scheduler state has no '{key}'", "scheduler state");

    /// <summary>Python's modulo (never negative), used by the cosine schedule.</summary>
    protected static int PyMod(int a, int m) => ((a % m) + m) % m;

    public override string ToString() =>
        $"{GetType().Name}(last_epoch={last_epoch.ToString(CultureInfo.InvariantCulture)})";
}
