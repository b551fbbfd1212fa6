namespace Mlops.Train.Runs;

/// <summary>A line of metrics.jsonl written every few training steps (kind "step").</summary>
public sealed record StepMetrics(int Epoch, long Step, double Loss, double Accuracy, double Lr, double ImagesPerSecond);

/// <summary>A line of metrics.jsonl written at the end of each epoch (kind "epoch"); validation values are null without a validation split.</summary>
public sealed record EpochMetrics(
    int Epoch,
    long Step,
    double TrainLoss,
    double TrainAccuracy,
    double? ValLoss,
    double? ValAccuracy,
    double Lr,
    double ImagesPerSecond,
    double Seconds);
