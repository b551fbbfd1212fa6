namespace Mlops.Deploy.Local;

/// <summary>What runs a local deployment: the serving image under podman, or `mlops serve` as a host process.</summary>
public enum LocalRunnerKind
{
    Podman,
    Process,
}

/// <summary>
/// A server started on this machine by `mlops quickstart` / the pipeline's deploy stage, recorded so that `mlops deploy
/// list|stop` find it from any folder. Typed fields, one per runner, so nothing is recognised from text.
/// </summary>
/// <param name="Name">Unique on the machine; also the podman container's name.</param>
/// <param name="Model">What it serves, as the user would name it (a registry reference such as fashion:3).</param>
/// <param name="Container">podman's container id (podman runner).</param>
/// <param name="PodmanState">The podman engine's state folder the container lives in (podman runner).</param>
/// <param name="ProcessId">The server's process id (process runner).</param>
/// <param name="ProcessStartTime">When that process started (/proc), so a reused id is never taken for it.</param>
/// <param name="LogFile">Where the server process writes (process runner).</param>
public sealed record LocalDeployment(
    string Name,
    LocalRunnerKind Runner,
    string Url,
    int Port,
    string Model,
    DateTimeOffset StartedAt,
    string? Container = null,
    string? PodmanState = null,
    int? ProcessId = null,
    string? LogFile = null,
    long? ProcessStartTime = null
);

/// <summary>A recorded deployment and whether its server is still there.</summary>
public sealed record LocalDeploymentStatus(LocalDeployment Deployment, bool Running);
