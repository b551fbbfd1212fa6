namespace Mlops.Train.Runs;

/// <summary>
/// One line of `mlops runs list`. Metrics come from the last epoch record of metrics.jsonl and from
/// evaluation.json ("accuracy", "loss"); <see cref="Problem"/> is set when the folder could not be read.
/// </summary>
public sealed record RunSummary(
    string Name,
    string Path,
    RunStatus? Status,
    DateTimeOffset? CreatedUtc,
    int? Epochs,
    double? BestValAccuracy,
    double? LastValLoss,
    double? TestAccuracy,
    string? Problem);
