using Mlops.Core.Errors;
using Mlops.Deploy.Image;

namespace Mlops.Deploy.Local;

/// <summary>
/// Starts, lists and stops the servers deployed on this machine (podman container or host process), each recorded in
/// a <see cref="LocalDeploymentStore"/>. Starting a name that is already deployed replaces it.
/// </summary>
public sealed class LocalDeployer(LocalDeploymentStore store)
{
    private static readonly TimeSpan PortRelease = TimeSpan.FromSeconds(15);

    public LocalDeploymentStore Store => store;

    public async Task<LocalDeployment> StartContainerAsync(
        LocalContainerRequest request,
        CancellationToken cancellation
    )
    {
        LocalDeploymentStore.CheckName(request.Name);
        await ReplaceAsync(request, cancellation);
        var image = OciArchiveReader.Read(request.Archive, new BlobStore(request.Layout));
        var podman = new PodmanEngine(request.PodmanState);
        podman.Load(request.Archive);
        var container = podman.Run(image.Config.Digest.Hex, request.Name, request.Port, request.ContainerPort);
        var deployment = new LocalDeployment(
            request.Name,
            LocalRunnerKind.Podman,
            request.Url,
            request.Port,
            request.Model,
            DateTimeOffset.UtcNow,
            Container: container,
            PodmanState: Path.GetFullPath(request.PodmanState)
        );
        store.Save(deployment);
        return await ReadyOrRemovedAsync(
            deployment,
            () => podman.IsRunning(container),
            () => podman.Logs(container),
            "the container",
            request,
            cancellation
        );
    }

    public async Task<LocalDeployment> StartProcessAsync(LocalProcessRequest request, CancellationToken cancellation)
    {
        LocalDeploymentStore.CheckName(request.Name);
        await ReplaceAsync(request, cancellation);
        var log = Path.GetFullPath(request.LogFile);
        var pid = ServerProcess.Start(request.Command, log);
        var deployment = new LocalDeployment(
            request.Name,
            LocalRunnerKind.Process,
            request.Url,
            request.Port,
            request.Model,
            DateTimeOffset.UtcNow,
            ProcessId: pid,
            LogFile: log,
            ProcessStartTime: ServerProcess.StartTime(pid)
        );
        store.Save(deployment);
        return await ReadyOrRemovedAsync(
            deployment,
            () => ServerProcess.IsRunning(pid, deployment.ProcessStartTime),
            () => ServerProcess.Tail(log),
            "the server",
            request,
            cancellation
        );
    }

    /// <summary>Every recorded deployment with whether it still runs, and the record files that could not be
    /// read.</summary>
    public (IReadOnlyList<LocalDeploymentStatus> Deployments, IReadOnlyList<string> Unreadable) List()
    {
        var (deployments, unreadable) = store.List();
        return ([.. deployments.Select(d => new LocalDeploymentStatus(d, IsRunning(d)))], unreadable);
    }

    /// <summary>Whether the server is there and answers /ready.</summary>
    public static async Task<bool> IsServingAsync(LocalDeployment deployment, CancellationToken cancellation)
    {
        if (!IsRunning(deployment))
            return false;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await ServerReadiness.IsReadyAsync(http, deployment.Url, cancellation);
    }

    /// <summary>Whether its server is still there; reading this changes nothing (a podman state folder that is gone
    /// means its containers are too).</summary>
    public static bool IsRunning(LocalDeployment deployment) =>
        deployment.Runner switch
        {
            LocalRunnerKind.Podman => deployment is { Container: { } container, PodmanState: { } state }
                && Directory.Exists(state)
                && PodmanEngine.IsAvailable()
                && new PodmanEngine(state).IsRunning(container),
            _ => deployment.ProcessId is { } pid && ServerProcess.IsRunning(pid, deployment.ProcessStartTime),
        };

    /// <summary>Stops the named deployment and forgets it; an unknown name is an error naming the known
    /// ones.</summary>
    public LocalDeployment Stop(string name)
    {
        var deployment = store.Find(name) ?? throw Unknown(name);
        StopAndForget(deployment);
        return deployment;
    }

    /// <summary>Stops the named deployment when there is one; returns it, or null.</summary>
    public LocalDeployment? StopIfDeployed(string name)
    {
        if (store.Find(name) is not { } deployment)
            return null;
        StopAndForget(deployment);
        return deployment;
    }

    /// <summary>Stops every recorded deployment (those already gone are just forgotten); one that cannot be stopped
    /// does not keep the others running, and is named in the error at the end.</summary>
    public IReadOnlyList<LocalDeployment> StopAll()
    {
        var (deployments, _) = store.List();
        var stopped = new List<LocalDeployment>();
        var failed = new List<string>();
        foreach (var deployment in deployments)
        {
            try
            {
                StopAndForget(deployment);
                stopped.Add(deployment);
            }
            catch (MlopsException error)
            {
                failed.Add($"{deployment.Name}: {error.Message}");
            }
        }
        if (failed.Count > 0)
            throw new MlopsException(
                $"stopped {stopped.Count}, but not: {string.Join("; ", failed)}",
                "deploy stop --all"
            );
        return stopped;
    }

    private async Task ReplaceAsync(LocalDeployRequest request, CancellationToken cancellation)
    {
        StopIfDeployed(request.Name);
        await ServerReadiness.WaitPortFreeAsync(request.Port, PortRelease, cancellation);
    }

    private async Task<LocalDeployment> ReadyOrRemovedAsync(
        LocalDeployment deployment,
        Func<bool> isAlive,
        Func<string> logTail,
        string what,
        LocalDeployRequest request,
        CancellationToken cancellation
    )
    {
        try
        {
            await ServerReadiness.WaitReadyAsync(
                deployment.Url,
                isAlive,
                logTail,
                what,
                request.Name,
                request.ReadyTimeout,
                cancellation
            );
            return deployment;
        }
        catch
        {
            StopAndForget(deployment);
            throw;
        }
    }

    private void StopAndForget(LocalDeployment deployment)
    {
        switch (deployment.Runner)
        {
            case LocalRunnerKind.Podman when deployment is { Container: { } container, PodmanState: { } state }:
                if (IsRunning(deployment))
                {
                    var podman = new PodmanEngine(state);
                    podman.Remove(container);
                    // podman rm's exit code says little: the record goes only once the container is gone.
                    if (podman.IsRunning(container))
                        throw new MlopsException(
                            $"container {deployment.Name} still runs after podman rm; stop it by hand: "
                                + $"{podman.CommandPrefix} rm -f {deployment.Name}",
                            deployment.Name
                        );
                }
                break;
            case LocalRunnerKind.Process when deployment.ProcessId is { } pid:
                ServerProcess.Stop(pid, deployment.ProcessStartTime);
                break;
        }
        store.Remove(deployment.Name);
    }

    private MlopsException Unknown(string name)
    {
        var known = store.List().Deployments.Select(d => d.Name).ToList();
        return new MlopsException(
            $"no local deployment named '{name}'"
                + (
                    known.Count == 0
                        ? " (none is running: see `mlops deploy list`)"
                        : $"; known: {string.Join(", ", known)}"
                ),
            "deploy stop"
        );
    }
}
