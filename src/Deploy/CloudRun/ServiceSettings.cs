namespace Mlops.Deploy.CloudRun;

/// <summary>How a revision runs: the image (always by digest), its size and scaling, and its environment.</summary>
public sealed record ServiceSettings(
    string ImageByDigest,
    string Cpu = "1",
    string Memory = "512Mi",
    int Concurrency = 80,
    int MinInstances = 0,
    int MaxInstances = 3,
    int Port = Image.ContainerSettings.DefaultPort,
    string StartupProbePath = "/ready",
    IReadOnlyDictionary<string, string>? Environment = null
)
{
    public Image.Digest Digest
    {
        get
        {
            var at = ImageByDigest.LastIndexOf('@');
            if (at < 0)
                throw new Core.Errors.MlopsException(
                    $"'{ImageByDigest}' names no digest: Cloud Run is always given an image by digest "
                        + $"(registry/repo@sha256:...)",
                    "--image"
                );
            return Image.Digest.Parse(ImageByDigest[(at + 1)..], "--image");
        }
    }
}
