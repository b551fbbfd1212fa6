namespace Mlops.Cli.Pipeline;

/// <summary>One stage's entry in pipeline.lock: the inputs it ran with and the outputs it left.</summary>
public sealed record StageRecord
{
    public required string InputsHash { get; init; }
    public required SortedDictionary<string, string> Inputs { get; init; }

    /// <summary>Output files (path relative to the config's folder) → sha256.</summary>
    public required SortedDictionary<string, string> Outputs { get; init; }

    /// <summary>One hash over every output file and value: what downstream stages depend on.</summary>
    public required string OutputsHash { get; init; }
    public required SortedDictionary<string, string> Values { get; init; }
    public required string KeyOutput { get; init; }
    public double Seconds { get; init; }
    public DateTimeOffset FinishedUtc { get; init; }

    public string Value(string key, string stage) =>
        Values.TryGetValue(key, out var value)
            ? value
            : throw new Core.Errors.MlopsException(
                $"stage '{stage}' recorded no '{key}' in pipeline.lock; rerun it with --force",
                "pipeline.lock"
            );
}
