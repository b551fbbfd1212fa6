namespace Mlops.Deploy.Image;

/// <summary>What an image says about itself: the model it serves and the code it was built from (OCI labels).</summary>
public sealed record ImageMetadata(
    string ModelName,
    string ModelVersion,
    string? RunId = null,
    string? GitCommit = null,
    string? Source = null
)
{
    public const string ModelNameLabel = "dev.mlops.model.name";
    public const string ModelVersionLabel = "dev.mlops.model.version";
    public const string ModelRunLabel = "dev.mlops.model.run";
    public const string GitCommitLabel = "dev.mlops.git.commit";

    public SortedDictionary<string, string> Labels()
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.title"] = $"mlops-serve {ModelName}",
            ["org.opencontainers.image.description"] = $"mlops model server for {ModelName} version {ModelVersion}",
            ["org.opencontainers.image.version"] = ModelVersion,
            ["org.opencontainers.image.created"] = DeterministicTar.FixedTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            [ModelNameLabel] = ModelName,
            [ModelVersionLabel] = ModelVersion,
        };
        if (RunId is not null)
            labels[ModelRunLabel] = RunId;
        if (GitCommit is not null)
        {
            labels["org.opencontainers.image.revision"] = GitCommit;
            labels[GitCommitLabel] = GitCommit;
        }
        if (Source is not null)
            labels["org.opencontainers.image.source"] = Source;
        return labels;
    }
}
