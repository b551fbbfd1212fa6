namespace Mlops.Torch.Serialization;

/// <summary>A key whose tensor has another shape than the module's (e.g. a classifier head with other
/// classes).</summary>
public sealed record ShapeMismatch(string Key, long[] Expected, long[] Actual)
{
    public override string ToString() =>
        $"{Key} (model [{string.Join(", ", Expected)}], given [{string.Join(", ", Actual)}])";
}

/// <summary>What <see cref="ModuleWeights.LoadStateDict"/> could not load, like PyTorch's missing/unexpected
/// keys.</summary>
public sealed record LoadStateDictResult(
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyList<ShapeMismatch> ShapeMismatches
)
{
    public bool IsClean => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && ShapeMismatches.Count == 0;

    public override string ToString()
    {
        var parts = new List<string>();
        if (MissingKeys.Count > 0)
            parts.Add("missing keys: " + string.Join(", ", MissingKeys));
        if (UnexpectedKeys.Count > 0)
            parts.Add("unexpected keys: " + string.Join(", ", UnexpectedKeys));
        if (ShapeMismatches.Count > 0)
            parts.Add("shape mismatches: " + string.Join(", ", ShapeMismatches));
        return parts.Count == 0 ? "all keys matched" : string.Join("; ", parts);
    }
}
