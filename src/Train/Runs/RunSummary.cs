namespace Mlops.Train.Runs;

/// <summary>
/// One line of `mlops runs list`. Metrics come from the last epoch record of metrics.jsonl and from
/// evaluation.json ("accuracy", "loss"); <see cref="Problem"/> is set when the folder could not be read.
/// <see cref="TestAccuracy"/> is set only when the final evaluation ran on a test split: an image-folder run has
/// none and evaluates on its validation part, which <see cref="FinalEvaluationSplit"/> then names.
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
    string? Problem
)
{
    /// <summary>evaluation.json's "split" ("test", "validation"); null when the run has no evaluation or it names
    /// none.</summary>
    public string? FinalEvaluationSplit { get; init; }

    /// <summary>The sweep this run is a trial of; null outside a sweep.</summary>
    public string? Sweep { get; init; }
}
