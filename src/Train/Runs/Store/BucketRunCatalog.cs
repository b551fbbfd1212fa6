using System.Text.Json.Nodes;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Train.Runs.Store;

/// <summary>
/// The runs of a bucket run store as a table reads them: one listing of the run folders, then each run's record (and
/// the evaluation of a finished one), a few at a time — never the metrics.
/// </summary>
public static class BucketRunCatalog
{
    private const int ReadsAtOnce = 8;

    public static IReadOnlyList<RunSummary> List(IBlobStore store)
    {
        // Folders whose names start with a dot hold what is not a run (.sweeps/).
        var folders = store
            .ListFoldersAsync("")
            .GetAwaiter()
            .GetResult()
            .Where(folder => !folder.StartsWith('.'))
            .ToList();
        var summaries = new RunSummary[folders.Count];
        Parallel.For(0, folders.Count, new ParallelOptions { MaxDegreeOfParallelism = ReadsAtOnce }, i =>
            summaries[i] = Summarize(store, folders[i].TrimEnd('/'))
        );
        return summaries
            .OrderByDescending(summary => summary.CreatedUtc ?? DateTimeOffset.MinValue)
            .ThenByDescending(summary => summary.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static RunSummary Summarize(IBlobStore store, string run)
    {
        var path = $"{store.Uri.TrimEnd('/')}/{run}";
        RunInfo info;
        try
        {
            info = BucketRunDownload.ReadRecord(store, run).Info;
        }
        catch (MlopsException error)
        {
            return new RunSummary(run, path, null, null, null, null, null, null, error.Message);
        }
        var evaluation = info.Status == RunStatus.Running ? null : ReadEvaluation(store, run);
        var split = evaluation?["split"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return new RunSummary(
            info.Name,
            path,
            info.Status,
            info.CreatedUtc,
            info.Progress?.Epochs,
            info.Progress?.BestValAccuracy,
            info.Progress?.LastValLoss,
            RunCatalog.IsOnTestSplit(evaluation) && evaluation?["accuracy"] is JsonValue accuracy
                ? accuracy.GetValue<double>()
                : null,
            null
        )
        {
            FinalEvaluationSplit = split,
            Sweep = info.Trial?.Sweep,
        };
    }

    private static JsonObject? ReadEvaluation(IBlobStore store, string run)
    {
        try
        {
            var bytes = store.ReadAllBytesAsync(BucketRunLayout.File(run, ArtifactNames.Evaluation)).GetAwaiter();
            return JsonNode.Parse(bytes.GetResult()) as JsonObject;
        }
        catch (Exception error) when (error is BlobNotFoundException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
