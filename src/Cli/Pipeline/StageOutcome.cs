namespace Mlops.Cli.Pipeline;

public enum StageStatus
{
    Ran,
    Skipped,
    Failed,
}

/// <summary>One row of the summary table.</summary>
public sealed record StageOutcome(string Stage, StageStatus Status, TimeSpan Time, string KeyOutput);
