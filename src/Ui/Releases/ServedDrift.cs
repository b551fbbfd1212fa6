using System.Text;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Drift;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Mlops.Train.Runs.Store;

namespace Mlops.Ui.Releases;

/// <summary>What the drift section of a service says: the comparison, or why there is none.</summary>
internal sealed record DriftOutcome(DriftResult? Result, string Reference, string Current, string? Missing);

/// <summary>
/// Drift of what a service serves: the records its servers shipped to a bucket (`mlops serve --drift-upload`:
/// drift/&lt;server&gt;/&lt;file&gt;, newest files first, up to a byte budget) for the version its serving revision
/// holds, against the drift-reference.jsonl of the run that version came from — the comparison `mlops drift`
/// makes, by the same <see cref="DriftAnalysis"/>.
/// </summary>
internal static class ServedDrift
{
    public const string Prefix = "drift/";
    public const long MaxBytes = 32L << 20;

    /// <summary>The comparison, made again only when the shipped logs changed (a listing is cheap; reading 32 MiB
    /// and the run's reference on every view of the releases page is not).</summary>
    public static async Task<DriftOutcome> CompareAsync(
        DriftLogStore store,
        RunStore runs,
        ModelRegistry registry,
        string model,
        int version,
        CancellationToken cancel
    )
    {
        var files = new List<BlobInfo>();
        await foreach (var blob in store.Store.ListAllAsync(Prefix, cancel))
            files.Add(blob);
        var key = $"{model}:{version}|{string.Join(",", files.Select(file => $"{file.Name}@{file.Generation}"))}";
        if (store.Outcomes.TryGetValue(key, out var known))
            return known;
        var outcome = await CompareAsync(store.Store, files, runs, registry, model, version, cancel);
        if (store.Outcomes.Count >= DriftLogStore.MaxOutcomes)
            store.Outcomes.Clear();
        store.Outcomes[key] = outcome;
        return outcome;
    }

    private static async Task<DriftOutcome> CompareAsync(
        IBlobStore logs,
        IReadOnlyList<BlobInfo> files,
        RunStore runs,
        ModelRegistry registry,
        string model,
        int version,
        CancellationToken cancel
    )
    {
        var current = $"{logs.Uri}/{Prefix} ({model} version {version})";
        var card = await registry.Catalog.CardAsync(model, version, cancel);
        if (card.Lineage.Run is not { } run)
            return new(null, "", current, $"{model}:{version} names no run, so there is no training reference");
        var reference = $"{Path.GetFileName(run)}/{ArtifactNames.DriftReference}";
        List<DriftRecord> referenceRecords;
        try
        {
            var path = runs.Find(Path.GetFileName(run)).File(ArtifactNames.DriftReference);
            if (!File.Exists(path))
                return new(
                    null,
                    reference,
                    current,
                    $"run {Path.GetFileName(run)} has no {ArtifactNames.DriftReference}"
                );
            referenceRecords = DriftRecordJson.FromLines(File.ReadLines(path), path);
        }
        catch (MlopsException error)
        {
            return new(null, reference, current, $"the run of {model}:{version}: {error.Message}");
        }
        var served = await ReadServedAsync(
            logs,
            files,
            model,
            version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            cancel
        );
        var analysis = new DriftAnalysis();
        if (served.Count < analysis.MinimumSamples)
            return new(
                null,
                reference,
                current,
                $"{served.Count} served records of {model} version {version} so far; drift needs "
                    + $"{analysis.MinimumSamples}"
            );
        return new(analysis.Compare(referenceRecords, served), reference, current, null);
    }

    private static async Task<List<DriftRecord>> ReadServedAsync(
        IBlobStore logs,
        IReadOnlyList<BlobInfo> files,
        string model,
        string version,
        CancellationToken cancel
    )
    {
        var records = new List<DriftRecord>();
        long read = 0;
        foreach (var file in files.OrderByDescending(file => file.Updated))
        {
            if (read + file.Size > MaxBytes)
                break;
            read += file.Size;
            var text = Encoding.UTF8.GetString(await logs.ReadAllBytesAsync(file.Name, cancel));
            records.AddRange(
                DriftRecordJson
                    .FromLines(text.Split('\n'), $"{logs.Uri}/{file.Name}")
                    .Where(record => record.Model == model && record.Version == version)
            );
        }
        return records;
    }
}
