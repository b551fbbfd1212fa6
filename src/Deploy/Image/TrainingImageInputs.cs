namespace Mlops.Deploy.Image;

/// <summary>What a training image is made of. The same inputs always give the same digests.</summary>
/// <param name="CliPublishDirectory">A self-contained linux-x64 publish of src/Cli (<see cref="CliPublisher"/>).
/// </param>
/// <param name="DatasetFolder">A host data set folder to bake in at the same path; null = no data layer.</param>
public sealed record TrainingImageInputs(
    string CliPublishDirectory,
    TrainingImageMetadata Metadata,
    string? DatasetFolder = null,
    string HostRoot = "/"
);
