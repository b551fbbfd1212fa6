using System.ComponentModel.DataAnnotations;

namespace Mlops.Train.Config;

/// <summary>The `train:` section: the loop itself.</summary>
public sealed class TrainingConfig
{
    [Range(1, 100_000)] public int Epochs { get; init; } = 10;

    [Range(1, 65_536)] public int BatchSize { get; init; } = 128;

    /// <summary>libtorch intra-op threads; 0 uses every core.</summary>
    [Range(0, 1024)] public int Threads { get; init; }

    [Range(0.0, 1.0, MaximumIsExclusive = true)] public double LabelSmoothing { get; init; }

    public EarlyStoppingConfig EarlyStopping { get; init; } = new();

    /// <summary>Exponential moving average of the weights: validation, test and the best checkpoint use it.</summary>
    public EmaConfig Ema { get; init; } = new();

    /// <summary>A step record goes to metrics.jsonl every this many steps.</summary>
    [Range(1, 1_000_000)] public int LogEverySteps { get; init; } = 50;

    [Range(1, 65_536)] public int EvalBatchSize { get; init; } = 512;

    /// <summary>Lay out weights and images NHWC (channels_last): oneDNN convolutions then skip layout reorders.</summary>
    public bool ChannelsLast { get; init; }

    /// <summary>bf16: CPU autocast runs convolutions and linear layers in bfloat16; weights, loss and updates stay fp32.</summary>
    public Precision Precision { get; init; } = Precision.Fp32;
}

/// <summary>The arithmetic of the forward pass (train.precision).</summary>
public enum Precision { Fp32, Bf16 }

public enum EarlyStoppingMetric { ValAccuracy, ValLoss }

public sealed class EarlyStoppingConfig
{
    /// <summary>Stop after this many epochs without improvement; 0 disables early stopping.</summary>
    [Range(0, 100_000)] public int Patience { get; init; }

    public EarlyStoppingMetric Metric { get; init; } = EarlyStoppingMetric.ValAccuracy;

    /// <summary>An improvement smaller than this does not count.</summary>
    [Range(0.0, 1e9)] public double MinDelta { get; init; }
}

/// <summary>`train.ema`: average = decay * average + (1 - decay) * weights after every step (decay 0 = off).</summary>
public sealed class EmaConfig
{
    /// <summary>The average spans about 1 / (1 - decay) steps; 0 turns averaging off.</summary>
    [Range(0.0, 1.0, MaximumIsExclusive = true)] public double Decay { get; init; }

    /// <summary>Update every this many steps (with decay^every_steps), to spend less time averaging.</summary>
    [Range(1, 100_000)] public int EverySteps { get; init; } = 1;

    public bool Enabled => Decay > 0;
}

public sealed class OutputConfig
{
    /// <summary>Folder holding one sub-folder per run.</summary>
    public string RunsDir { get; init; } = "runs";
}
