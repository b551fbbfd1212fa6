namespace Mlops.Deploy.Image;

/// <summary>How the container starts: entrypoint, user, working directory, environment and port (null for a job
/// image, which listens on nothing).</summary>
public sealed record ContainerSettings(
    IReadOnlyList<string> Entrypoint,
    string User,
    string WorkingDir,
    int? Port,
    IReadOnlyDictionary<string, string> Environment
)
{
    /// <summary>Cloud Run's contract: the server listens on $PORT, 8080 unless the platform says otherwise.</summary>
    public const int DefaultPort = 8080;
}
