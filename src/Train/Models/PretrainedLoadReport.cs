using Mlops.Torch.Serialization;

namespace Mlops.Train.Models;

/// <summary>
/// What loading pretrained weights did: how many tensors were copied, and every key that was not,
/// so a replaced head or an ignored tensor is reported, never dropped silently. <see cref="AdaptedKeys"/>
/// says which tensors were loaded in an adapted form (a colour stem summed for grey input).
/// </summary>
public sealed record PretrainedLoadReport(
    string Path,
    int LoadedCount,
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyList<ShapeMismatch> ShapeMismatches,
    IReadOnlyList<string> AdaptedKeys
)
{
    /// <summary>True when the file's classifier had another shape and the model keeps its fresh head.</summary>
    public bool HeadReplaced => ShapeMismatches.Any(m => PretrainedWeights.IsHeadKey(m.Key));

    public bool IsComplete => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && ShapeMismatches.Count == 0;

    public override string ToString()
    {
        var lines = new List<string> { $"loaded {LoadedCount} tensors from {Path}" };
        lines.AddRange(AdaptedKeys);
        if (HeadReplaced)
            lines.Add("classifier head kept freshly initialised (num_classes differs)");
        if (ShapeMismatches.Count > 0)
            lines.Add("shape mismatches: " + string.Join(", ", ShapeMismatches));
        if (MissingKeys.Count > 0)
            lines.Add("missing in the file: " + string.Join(", ", MissingKeys));
        if (UnexpectedKeys.Count > 0)
            lines.Add("not used from the file: " + string.Join(", ", UnexpectedKeys));
        return string.Join("; ", lines);
    }
}
