namespace Mlops.Deploy.Image;

/// <summary>What a training image says about itself (OCI labels): its kind, its code, its data.</summary>
/// <param name="Version">A label for people and the archive's ref name (by default the commit's first 12
/// digits).</param>
/// <param name="Dataset">The data set folder baked in, if any.</param>
public sealed record TrainingImageMetadata(
    string Version,
    string? GitCommit = null,
    string? Source = null,
    string? Dataset = null
)
{
    /// <summary>Tells a training image from a serving one (which predates the label and has none).</summary>
    public const string KindLabel = "dev.mlops.image.kind";
    public const string Kind = "training";
    public const string DatasetLabel = "dev.mlops.image.dataset";

    public SortedDictionary<string, string> Labels()
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.title"] = "mlops training",
            ["org.opencontainers.image.description"] =
                "the mlops CLI with TorchSharp and libtorch (CPU): runs `mlops train` and sweep trials as job tasks",
            ["org.opencontainers.image.version"] = Version,
            ["org.opencontainers.image.created"] = DeterministicTar.FixedTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            [KindLabel] = Kind,
        };
        if (GitCommit is not null)
        {
            labels["org.opencontainers.image.revision"] = GitCommit;
            labels[ImageMetadata.GitCommitLabel] = GitCommit;
        }
        if (Source is not null)
            labels["org.opencontainers.image.source"] = Source;
        if (Dataset is not null)
            labels[DatasetLabel] = Dataset;
        return labels;
    }
}
