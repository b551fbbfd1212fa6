using System.Text.Json.Nodes;
using Mlops.Core.Errors;

namespace Mlops.Deploy.CloudRun;

/// <summary>
/// Releases on Cloud Run's revision/tag/traffic model: deploy (all traffic to a new revision), canary
/// (a new tagged revision with N% of traffic), promote (100% to the canary, the old one kept as "previous"),
/// rollback (back to the stable or previous revision) and status. Images are always given by digest.
/// A change that conflicts with a concurrent one (409/412) is recomputed from a fresh read once; if it
/// conflicts again, it stops with nothing changed.
/// </summary>
public sealed class CloudRunReleaser(CloudRunClient client, CloudRunService service)
{
    public const string CanaryTag = "canary";
    public const string PreviousTag = "previous";

    /// <summary>The service this releaser moves.</summary>
    public CloudRunService Service => service;

    /// <summary>Creates the service or rolls a new revision out to all traffic.</summary>
    public async Task<ServiceState> DeployAsync(
        ServiceSettings settings,
        IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken cancel = default
    )
    {
        var revision = service.RevisionFor(settings.Digest);
        var existing = await client.GetServiceAsync(service, cancel);
        if (existing is null)
        {
            try
            {
                return await client.CreateServiceAsync(
                    service,
                    CloudRunJson.Service(settings, revision, [TrafficTarget.Latest()], null, labels),
                    cancel
                );
            }
            catch (CloudRunConflictException)
            { /* created meanwhile (or by a retried create): update it instead */
            }
        }
        return await WithOneRetryOnConflictAsync(
            state =>
                client.UpdateServiceAsync(
                    service,
                    CloudRunJson.Service(settings, revision, [new TrafficTarget(revision, 100)], state.Etag, labels),
                    null,
                    cancel
                ),
            cancel
        );
    }

    /// <summary>A new revision of <paramref name="settings"/>' image with <paramref name="percent"/>% of traffic and
    /// the tag "canary".</summary>
    public async Task<ServiceState> CanaryAsync(
        ServiceSettings settings,
        int percent,
        IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken cancel = default
    )
    {
        if (percent is < 1 or > 99)
            throw new MlopsException($"a canary takes between 1 and 99 percent of traffic, not {percent}", "--percent");
        var revision = service.RevisionFor(settings.Digest);
        return await WithOneRetryOnConflictAsync(
            state =>
            {
                var stable = StableRevision(state);
                if (stable == revision)
                    throw new MlopsException(
                        $"revision {revision} (this image) already serves the traffic: nothing to canary",
                        settings.ImageByDigest
                    );
                TrafficTarget[] traffic = [new(stable, 100 - percent), new(revision, percent, CanaryTag)];
                return client.UpdateServiceAsync(
                    service,
                    CloudRunJson.Service(settings, revision, traffic, state.Etag, labels),
                    null,
                    cancel
                );
            },
            cancel
        );
    }

    /// <summary>All traffic to the canary; the revision it replaces keeps the tag "previous" (0%) for
    /// rollback.</summary>
    public Task<ServiceState> PromoteAsync(CancellationToken cancel = default) =>
        WithOneRetryOnConflictAsync(
            state =>
            {
                var canary = PromoteTarget(state);
                var stable = StableRevision(state);
                var traffic = new List<TrafficTarget> { new(canary, 100) };
                if (stable != canary)
                    traffic.Add(new TrafficTarget(stable, 0, PreviousTag));
                return MoveTrafficAsync(traffic, state, cancel);
            },
            cancel
        );

    /// <summary>Drops a running canary, or after a promote sends all traffic back to the "previous" revision.</summary>
    public Task<ServiceState> RollbackAsync(CancellationToken cancel = default) =>
        WithOneRetryOnConflictAsync(
            state => MoveTrafficAsync([new TrafficTarget(RollbackTarget(state), 100)], state, cancel),
            cancel
        );

    /// <summary>The revision a promote of <paramref name="state"/> would send all traffic to (the canary), so a caller
    /// can check it first.</summary>
    public string PromoteTarget(ServiceState state) =>
        state.Tagged(CanaryTag)?.Revision
        ?? throw new MlopsException(
            $"service {service.Service} has no revision tagged '{CanaryTag}' to promote (run `mlops release canary` "
                + $"first)",
            service.Name
        );

    /// <summary>The revision a rollback of <paramref name="state"/> would send all traffic to: the stable one while a
    /// canary runs, else "previous".</summary>
    public string RollbackTarget(ServiceState state) =>
        (state.Tagged(CanaryTag) is not null ? StableRevision(state) : state.Tagged(PreviousTag)?.Revision)
        ?? throw new MlopsException(
            $"service {service.Service} has neither a canary nor a '{PreviousTag}' revision to roll back to",
            service.Name
        );

    /// <summary>Puts back the traffic split (and tags) a service had before a release step, e.g. when a later step of
    /// that release failed.</summary>
    public Task<ServiceState> RestoreTrafficAsync(ServiceState before, CancellationToken cancel = default)
    {
        if (before.Traffic.Count == 0)
            throw new MlopsException(
                $"the earlier state of service {service.Service} has no traffic split to restore",
                service.Name
            );
        return WithOneRetryOnConflictAsync(state => MoveTrafficAsync(before.Traffic, state, cancel), cancel);
    }

    public async Task<ReleaseStatus> StatusAsync(CancellationToken cancel = default)
    {
        var state = await client.GetServiceAsync(service, cancel)
            ?? throw new MlopsException($"service {service.Service} does not exist in {service.Parent}", service.Name);
        return new ReleaseStatus(state, await client.ListRevisionsAsync(service, cancel));
    }

    private Task<ServiceState> MoveTrafficAsync(
        IReadOnlyList<TrafficTarget> traffic,
        ServiceState state,
        CancellationToken cancel
    )
    {
        var body = new JsonObject { ["traffic"] = CloudRunJson.Traffic(traffic) };
        if (state.Etag is not null)
            body["etag"] = state.Etag;
        return client.UpdateServiceAsync(service, body, "traffic", cancel);
    }

    /// <summary>The revision serving most traffic that is not the canary.</summary>
    private string StableRevision(ServiceState state)
    {
        var canary = state.Tagged(CanaryTag)?.Revision;
        return state
            .TrafficStatuses.Select(t => t with { Revision = t.Revision ?? state.LatestReadyRevision })
            .Where(t => t.Revision is not null && t.Revision != canary)
            .OrderByDescending(t => t.Percent)
            .FirstOrDefault()
            ?.Revision
            ?? throw new MlopsException(
                $"service {service.Service} has no serving revision yet (deploy it first)",
                service.Name
            );
    }

    private async Task<ServiceState> WithOneRetryOnConflictAsync(
        Func<ServiceState, Task<ServiceState>> change,
        CancellationToken cancel
    )
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = await client.GetServiceAsync(service, cancel)
                ?? throw new MlopsException(
                    $"service {service.Service} does not exist in {service.Parent} (deploy it first)",
                    service.Name
                );
            try
            {
                return await change(state);
            }
            catch (CloudRunConflictException) when (attempt == 1)
            {
                // Someone changed the service between our read and our write: read again and recompute.
            }
        }
    }
}
