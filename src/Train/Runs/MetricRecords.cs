namespace Mlops.Train.Runs;

/// <summary>A line of metrics.jsonl written every few training steps (kind "step").</summary>
public sealed record StepMetrics(int Epoch, long Step, double Loss, double Accuracy, double Lr, double ImagesPerSecond);

/// <summary>
/// A line of metrics.jsonl written at the end of each epoch (kind "epoch"); validation values are null without a
/// validation split. TrainScale is the epoch's train.progressive_resizing scale (1 = the full network).
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    long Step,
    double TrainLoss,
    double TrainAccuracy,
    double? ValLoss,
    double? ValAccuracy,
    double Lr,
    double ImagesPerSecond,
    double Seconds,
    double TrainScale = 1.0
);
