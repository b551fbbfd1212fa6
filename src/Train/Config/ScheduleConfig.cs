using System.ComponentModel.DataAnnotations;

namespace Mlops.Train.Config;

public enum ScheduleKind
{
    None,
    Step,
    Cosine,
}

/// <summary>Learning-rate schedule, applied per step; an optional linear warm-up comes first.</summary>
public sealed class ScheduleConfig
{
    public ScheduleKind Name { get; init; } = ScheduleKind.None;

    /// <summary>Linear warm-up from 0 to optim.lr over this many epochs.</summary>
    [Range(0, 10_000)]
    public int WarmupEpochs { get; init; }

    /// <summary>Step schedule: multiply by gamma every step_size epochs.</summary>
    [Range(1, 10_000)]
    public int StepSize { get; init; } = 10;

    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double Gamma { get; init; } = 0.1;

    /// <summary>Cosine schedule: the learning rate at the end.</summary>
    [Range(0.0, 10.0)]
    public double MinLr { get; init; }
}
