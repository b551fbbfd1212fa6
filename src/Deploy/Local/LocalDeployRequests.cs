namespace Mlops.Deploy.Local;

/// <summary>What every local deployment needs: its name, the loopback port, what it serves, how long to wait.</summary>
public abstract record LocalDeployRequest(string Name, int Port, string Model, TimeSpan ReadyTimeout)
{
    public string Url => $"http://127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>The serving image from its OCI archive, run by podman with its state in <paramref
/// name="PodmanState"/>.</summary>
/// <param name="Layout">The OCI layout folder the archive's blobs are read into (checked by digest).</param>
public sealed record LocalContainerRequest(
    string Name,
    int Port,
    string Model,
    TimeSpan ReadyTimeout,
    string Archive,
    string Layout,
    string PodmanState,
    int ContainerPort = 8080
) : LocalDeployRequest(Name, Port, Model, ReadyTimeout);

/// <summary>A server started as a host process by <paramref name="Command"/> (program, then arguments).</summary>
public sealed record LocalProcessRequest(
    string Name,
    int Port,
    string Model,
    TimeSpan ReadyTimeout,
    IReadOnlyList<string> Command,
    string LogFile
) : LocalDeployRequest(Name, Port, Model, ReadyTimeout);
