using Mlops.Train.Models;

namespace Mlops.Train.Training;

/// <summary>
/// What a checkpoint says about itself, stored inside the safetensors file (metadata key
/// <see cref="Checkpoints.InfoKey"/>) and, for people, as a .json file beside it. Everything an
/// evaluator, exporter or server needs to use the weights without the run's config.
/// </summary>
public sealed record CheckpointInfo
{
    public required string Run { get; init; }

    /// <summary>Epochs finished (1-based: 1 after the first epoch).</summary>
    public required int Epoch { get; init; }
    public required long GlobalStep { get; init; }
    public required string Arch { get; init; }
    public required int NumClasses { get; init; }
    public required int InChannels { get; init; }
    public required bool SmallStem { get; init; }
    public required int ImageSize { get; init; }
    public required IReadOnlyList<string> ClassNames { get; init; }
    public required float[] NormalizeMean { get; init; }
    public required float[] NormalizeStd { get; init; }
    public required string DataFingerprint { get; init; }
    public double? TrainLoss { get; init; }
    public double? TrainAccuracy { get; init; }
    public double? ValLoss { get; init; }
    public double? ValAccuracy { get; init; }

    /// <summary>Early stopping's memory, so a resumed run stops where an uninterrupted one would.</summary>
    public double? BestMetric { get; init; }
    public int BestEpoch { get; init; }
    public int EpochsWithoutImprovement { get; init; }

    /// <summary>True when the file also holds the optimizer state (the "last" checkpoint, for --resume).</summary>
    public bool HasOptimizerState { get; init; }
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The description of weights that were never trained (benchmarks and tests export seeded
    /// networks).</summary>
    public static CheckpointInfo Untrained(
        string run,
        ResNetDescription model,
        int imageSize,
        IReadOnlyList<string> classNames,
        float[] mean,
        float[] std
    ) =>
        new()
        {
            Run = run,
            Epoch = 0,
            GlobalStep = 0,
            Arch = model.Arch,
            NumClasses = model.NumClasses,
            InChannels = model.InChannels,
            SmallStem = model.SmallStem,
            ImageSize = imageSize,
            ClassNames = classNames,
            NormalizeMean = mean,
            NormalizeStd = std,
            DataFingerprint = "none",
        };
}
