using System.Text.Json;
using System.Text.Json.Nodes;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;

namespace Mlops.Train.Runs;

/// <summary>The runs in a runs folder: listing with status and final metrics, and finding one by name.</summary>
public static class RunCatalog
{
    /// <summary>Every sub-folder holding a run.json, newest first; a damaged run is listed with its problem, never
    /// skipped silently.</summary>
    /// <summary>What an older record lacks, from its metrics: null when no epoch finished.</summary>
    private static RunProgress? ProgressFromMetrics(RunFolder run)
    {
        var epochs = run.Metrics.ReadEpochs();
        return epochs.Count == 0
            ? null
            : new RunProgress(
                epochs.Max(epoch => epoch.Epoch),
                epochs.Select(epoch => epoch.ValAccuracy).Where(value => value is not null).DefaultIfEmpty(null).Max(),
                epochs[^1].ValLoss
            );
    }

    public static IReadOnlyList<RunSummary> List(string runsDir)
    {
        if (!Directory.Exists(runsDir))
            return [];
        return Directory
            .GetDirectories(runsDir)
            .Where(folder => File.Exists(Path.Combine(folder, RunFolder.InfoFile)))
            .Select(Summarize)
            .OrderByDescending(summary => summary.CreatedUtc ?? DateTimeOffset.MinValue)
            .ThenByDescending(summary => summary.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static RunSummary Summarize(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        RunFolder run;
        try
        {
            run = RunFolder.Open(folder);
        }
        catch (MlopsException error)
        {
            return new RunSummary(name, folder, null, null, null, null, null, null, error.Message);
        }
        // The record's progress when it has one (runs since issue 22): a table of runs never reads metrics files.
        var progress = run.Info.Progress ?? ProgressFromMetrics(run);
        var evaluation = ReadEvaluation(run.EvaluationPath);
        return new RunSummary(
            run.Name,
            folder,
            run.Info.Status,
            run.Info.CreatedUtc,
            progress?.Epochs,
            progress?.BestValAccuracy,
            progress?.LastValLoss,
            IsOnTestSplit(evaluation) ? Number(evaluation, "accuracy") : null,
            null
        )
        {
            FinalEvaluationSplit = Split(evaluation),
            Sweep = run.Info.Trial?.Sweep,
        };
    }

    /// <summary>
    /// Whether evaluation.json's figures are test figures. The trainer records the split it used: "test", or
    /// "validation" for an image folder, which has no test split. Only that one is not a test figure: any other file
    /// (none naming a split, as the pipeline's evaluate stage writes, on the data it names) keeps the meaning it always
    /// had.
    /// </summary>
    public static bool IsOnTestSplit(JsonObject? evaluation) => EvaluationReport.IsTestSplit(Split(evaluation));

    private static string? Split(JsonObject? evaluation) =>
        evaluation?["split"] is JsonValue value && value.TryGetValue<string>(out var split) ? split : null;

    /// <summary>
    /// Finds a run by folder name, by path, or by its config name (the newest run with that prefix).
    /// </summary>
    public static RunFolder Find(string runsDir, string nameOrPath)
    {
        if (File.Exists(Path.Combine(nameOrPath, RunFolder.InfoFile)))
            return RunFolder.Open(nameOrPath);
        var exact = Path.Combine(runsDir, nameOrPath);
        if (Directory.Exists(exact))
            return RunFolder.Open(exact);
        return RunFolder.Open(NewestWithPrefix(List(runsDir), nameOrPath, runsDir).Path);
    }

    /// <summary>The newest readable run of config <paramref name="prefix"/> in <paramref name="runs"/> (newest
    /// first); an error naming the runs there when none.</summary>
    internal static RunSummary NewestWithPrefix(IReadOnlyList<RunSummary> runs, string prefix, string where)
    {
        var newest = runs.FirstOrDefault(run =>
            run.Problem is null && run.Name.StartsWith(prefix + "-", StringComparison.Ordinal)
        );
        if (newest is not null)
            return newest;
        var known =
            runs.Count == 0
                ? "there are no runs there"
                : "runs there: " + string.Join(", ", runs.Take(10).Select(run => run.Name));
        throw new MlopsException($"no run named '{prefix}' ({known})", where);
    }

    /// <summary>evaluation.json as a JSON object; null when absent or unreadable.</summary>
    public static JsonObject? ReadEvaluation(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double? Number(JsonObject? json, string key) =>
        json?[key] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
