using System.ComponentModel.DataAnnotations;

namespace Mlops.Train.Config;

/// <summary>The `train:` section: the loop itself.</summary>
public sealed class TrainingConfig
{
    [Range(1, 100_000)]
    public int Epochs { get; init; } = 10;

    [Range(1, 65_536)]
    public int BatchSize { get; init; } = 128;

    /// <summary>libtorch intra-op threads; 0 uses every core.</summary>
    [Range(0, 1024)]
    public int Threads { get; init; }

    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double LabelSmoothing { get; init; }

    public EarlyStoppingConfig EarlyStopping { get; init; } = new();

    /// <summary>Exponential moving average of the weights: validation, test and the best checkpoint use it.</summary>
    public EmaConfig Ema { get; init; } = new();

    /// <summary>Cheaper early epochs on a smaller feature map, growing to the full network (see <see
    /// cref="ProgressiveResizingConfig"/>).</summary>
    public ProgressiveResizingConfig ProgressiveResizing { get; init; } = new();

    /// <summary>A step record goes to metrics.jsonl every this many steps.</summary>
    [Range(1, 1_000_000)]
    public int LogEverySteps { get; init; } = 50;

    [Range(1, 65_536)]
    public int EvalBatchSize { get; init; } = 512;

    /// <summary>Lay out weights and images NHWC (channels_last): oneDNN convolutions then skip layout
    /// reorders.</summary>
    public bool ChannelsLast { get; init; }

    /// <summary>bf16: CPU autocast runs convolutions and linear layers in bfloat16; weights, loss and updates stay
    /// fp32.</summary>
    public Precision Precision { get; init; } = Precision.Fp32;
}

/// <summary>The arithmetic of the forward pass (train.precision).</summary>
public enum Precision
{
    Fp32,
    Bf16,
}

public enum EarlyStoppingMetric
{
    ValAccuracy,
    ValLoss,
}

public sealed class EarlyStoppingConfig
{
    /// <summary>Stop after this many epochs without improvement; 0 disables early stopping.</summary>
    [Range(0, 100_000)]
    public int Patience { get; init; }

    public EarlyStoppingMetric Metric { get; init; } = EarlyStoppingMetric.ValAccuracy;

    /// <summary>An improvement smaller than this does not count.</summary>
    [Range(0.0, 1e9)]
    public double MinDelta { get; init; }
}

/// <summary>`train.ema`: average = decay * average + (1 - decay) * weights after every step (decay 0 = off).</summary>
public sealed class EmaConfig
{
    /// <summary>The average spans about 1 / (1 - decay) steps; 0 turns averaging off.</summary>
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Decay { get; init; }

    /// <summary>Update every this many steps (with decay^every_steps), to spend less time averaging.</summary>
    [Range(1, 100_000)]
    public int EverySteps { get; init; } = 1;

    public bool Enabled => Decay > 0;
}

/// <summary>
/// `train.progressive_resizing` (the progressive resizing of fast.ai and FFCV, applied after the stem so the network's
/// weights and final input stay the same): up to start_epoch, training shrinks the stem's output to min_scale of its
/// size before layer1; the scale then grows linearly to 1 at end_epoch, and later epochs train the full network.
/// Validation, checkpoints and export always run the full network, so validation reads low while the scale is small,
/// and early stopping waits for the first full-size epoch. min_scale 1 turns it off.
/// </summary>
public sealed class ProgressiveResizingConfig
{
    [Range(0.1, 1.0)]
    public double MinScale { get; init; } = 1.0;

    /// <summary>The last epoch (1-based) at min_scale.</summary>
    [Range(0, 100_000)]
    public int StartEpoch { get; init; }

    /// <summary>The first epoch (1-based) at full size.</summary>
    [Range(1, 100_000)]
    public int EndEpoch { get; init; } = 1;

    public bool Enabled => MinScale < 1;

    /// <summary>The fraction of the stem's output size that epoch <paramref name="epoch"/> (1-based) trains
    /// on.</summary>
    public double ScaleAt(int epoch)
    {
        if (!Enabled || epoch >= EndEpoch)
            return 1.0;
        if (epoch <= StartEpoch)
            return MinScale;
        return MinScale + (1 - MinScale) * (epoch - StartEpoch) / (EndEpoch - StartEpoch);
    }
}

public sealed class OutputConfig
{
    /// <summary>Folder holding one sub-folder per run.</summary>
    public string RunsDir { get; init; } = "runs";
}
