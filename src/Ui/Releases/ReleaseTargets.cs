using Mlops.Deploy.CloudRun;

namespace Mlops.Ui.Releases;

/// <summary>The Cloud Run services the releases page follows (`mlops ui --cloud-run-service …`), and the client that
/// reads and moves them (the CLI's: $MLOPS_CLOUD_RUN_ENDPOINT/TOKEN, else Google's credentials).</summary>
public sealed record ReleaseTargets(IReadOnlyList<CloudRunService> Services, CloudRunClient Client)
{
    public CloudRunService? Find(string name) => Services.FirstOrDefault(service => service.Name == name);
}

/// <summary>The bucket servers ship drift logs to, opened once for the releases page, with the comparisons made from
/// its files as they were (keyed by model, version and every file's generation).</summary>
public sealed record DriftLogStore(Registry.Stores.IBlobStore Store)
{
    internal const int MaxOutcomes = 64;

    internal System.Collections.Concurrent.ConcurrentDictionary<string, DriftOutcome> Outcomes { get; } = new();
}
