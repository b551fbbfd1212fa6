namespace Mlops.Deploy.Build;

/// <summary>Everything decided before a training image is built.</summary>
/// <param name="CliPublish">A linux-x64 publish of src/Cli to use; null = the repository's, published into
/// &lt;repo&gt;/artifacts/train-image/publish (reused while its inputs are unchanged).</param>
/// <param name="DatasetFolder">A data set folder of this host baked in at the same path (<see cref="FashionMnist"/>);
/// null = none.</param>
/// <param name="Version">The version label and ref name's tail; null = the commit's first 12 digits, else
/// "dev".</param>
/// <param name="Layout">OCI layout folder caching blobs; null = &lt;repo&gt;/.mlops/train-images.</param>
/// <param name="Archive">Write the image here as an OCI tarball; null = do not.</param>
/// <param name="ArchiveTag">The tarball's ref name; null = training-&lt;version&gt;.</param>
public sealed record TrainingImageRequest(
    string? CliPublish = null,
    string? DatasetFolder = null,
    string? Version = null,
    string? Layout = null,
    string? Archive = null,
    string? ArchiveTag = null
)
{
    /// <summary>Where Debian's dataset-fashion-mnist installs Fashion-MNIST, and where training reads it by
    /// default.</summary>
    public const string FashionMnist = Mlops.Data.FashionMnist.FashionMnistDataset.DefaultRoot;
}
