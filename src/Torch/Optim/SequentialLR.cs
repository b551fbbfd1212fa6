using System.Globalization;

namespace Mlops.Torch.Optim;

/// <summary>
/// Runs schedules one after another, switching at the milestones (e.g. LinearLR warm-up for 5 epochs, then cosine).
/// Each schedule restarts from epoch 0 at its milestone, as in PyTorch.
/// </summary>
public sealed class SequentialLR : LRScheduler
{
    private readonly LRScheduler[] schedulers;
    private readonly int[] milestones;

    public SequentialLR(
        Optimizer optimizer,
        IReadOnlyList<LRScheduler> schedulers,
        IReadOnlyList<int> milestones,
        int last_epoch = -1
    )
        : base(optimizer)
    {
        if (schedulers.Count == 0)
            throw new ArgumentException("at least one schedule is needed", nameof(schedulers));
        if (schedulers.Any(s => s.optimizer != optimizer))
            throw new ArgumentException("every schedule must drive the same optimizer", nameof(schedulers));
        if (milestones.Count != schedulers.Count - 1)
            throw new ArgumentException(
                $"{schedulers.Count} schedules need {schedulers.Count - 1} milestones, got {milestones.Count}",
                nameof(milestones)
            );
        this.schedulers = schedulers.ToArray();
        this.milestones = milestones.ToArray();
        this.last_epoch = last_epoch + 1;
        optimizer.lr = optimizer.initial_lr ?? optimizer.lr;
        foreach (var s in this.schedulers)
            s.last_epoch -= 1;
        this.schedulers[0].InitialStep();
    }

    public IReadOnlyList<LRScheduler> Schedulers => schedulers;
    public IReadOnlyList<int> Milestones => milestones;

    public override void step()
    {
        last_epoch++;
        int index = BisectRight(milestones, last_epoch);
        var scheduler = schedulers[index];
        if (index > 0 && milestones[index - 1] == last_epoch)
            scheduler.step(0);
        else
            scheduler.step();
    }

    protected override double get_lr() => optimizer.lr;

    public override double get_last_lr() => optimizer.lr;

    private static int BisectRight(int[] sorted, int value)
    {
        int k = 0;
        while (k < sorted.Length && sorted[k] <= value)
            k++;
        return k;
    }

    public override Dictionary<string, double> state_dict()
    {
        var state = new Dictionary<string, double>(StringComparer.Ordinal) { ["last_epoch"] = last_epoch };
        for (int k = 0; k < schedulers.Length; k++)
            foreach (var (key, value) in schedulers[k].state_dict())
                state[$"schedulers.{k.ToString(CultureInfo.InvariantCulture)}.{key}"] = value;
        return state;
    }

    public override void load_state_dict(IReadOnlyDictionary<string, double> state)
    {
        last_epoch = (int)Read(state, "last_epoch");
        for (int k = 0; k < schedulers.Length; k++)
        {
            var prefix = $"schedulers.{k.ToString(CultureInfo.InvariantCulture)}.";
            schedulers[k]
                .load_state_dict(
                    state
                        .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
                        .ToDictionary(e => e.Key[prefix.Length..], e => e.Value, StringComparer.Ordinal)
                );
        }
    }
}
