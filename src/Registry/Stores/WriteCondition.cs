namespace Mlops.Registry.Stores;

/// <summary>
/// A write precondition, as GCS's ifGenerationMatch: none, "must not exist yet" (generation 0),
/// or "must still be at this generation" (compare-and-swap).
/// </summary>
public readonly record struct WriteCondition(long? IfGenerationMatch)
{
    public static WriteCondition None => new(null);
    public static WriteCondition DoesNotExist => new(0);

    public static WriteCondition GenerationMatch(long generation) => new(generation);

    /// <summary>Create-only when <paramref name="current"/> is null, else compare-and-swap on its generation.</summary>
    public static WriteCondition Replacing(BlobInfo? current) =>
        current is null ? DoesNotExist : GenerationMatch(current.Generation);

    public override string ToString() =>
        IfGenerationMatch switch
        {
            null => "unconditional",
            0 => "create-only",
            var g => $"if generation {g}",
        };
}
