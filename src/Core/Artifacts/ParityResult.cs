namespace Mlops.Core.Artifacts;

/// <summary>ORT vs libtorch on the same images: the largest logit difference and how many top-1 answers
/// differ.</summary>
public sealed record ParityResult
{
    public required int Images { get; init; }
    public required double MaxAbsDiff { get; init; }
    public required int Top1Mismatches { get; init; }
    public required double MaxAbsDiffLimit { get; init; }
    public required string Data { get; init; }
    public bool Passed => Images > 0 && MaxAbsDiff <= MaxAbsDiffLimit && Top1Mismatches == 0;
}
