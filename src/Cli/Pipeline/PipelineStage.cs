namespace Mlops.Cli.Pipeline;

/// <summary>
/// One step of the pipeline. It declares what it depends on (<see cref="Inputs"/>: config, data fingerprint,
/// code version) and which stages it reads; the runner adds those stages' output hashes, so a changed upstream
/// artifact reruns it. A stage never re-implements a stage of the product: it calls that stage's API.
/// </summary>
public abstract class PipelineStage
{
    public abstract string Name { get; }

    /// <summary>Stages whose outputs this one reads (their records are in the context when it runs).</summary>
    public virtual IReadOnlyList<string> DependsOn => [];

    /// <summary>Named input fingerprints (hashes or short values); computed before deciding to skip.</summary>
    public abstract IReadOnlyDictionary<string, string> Inputs(PipelineContext context);

    public abstract Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation);

    /// <summary>Whether what a finished run produced beyond files (a registry version, a running server) is still
    /// there.</summary>
    public virtual Task<bool> IsStillInPlaceAsync(
        StageRecord record,
        PipelineContext context,
        CancellationToken cancellation
    ) => Task.FromResult(true);
}

/// <summary>What a stage produced: files (hashed into the lock), values later stages read, and one line for the
/// summary.</summary>
public sealed record StageResult(
    IReadOnlyList<string> Files,
    IReadOnlyDictionary<string, string> Values,
    string KeyOutput
);
