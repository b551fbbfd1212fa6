using System.Globalization;
using System.Text.Json.Nodes;
using Mlops.Core.Artifacts;
using Mlops.Train.Runs;

namespace Mlops.Cli.Commands.Runs;

/// <summary>The key/value rows of `mlops runs show`: the run's record, settings, final metrics and
/// evaluation.</summary>
public static class RunShowRows
{
    public static IReadOnlyList<(string Key, string Value)> Of(RunDetails details)
    {
        var info = details.Info;
        var rows = new List<(string, string)>();
        void Row(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
                rows.Add((key, value));
        }

        Row("run", info.Name);
        Row("status", RunsTable.Describe(info.Status) + (info.Message is null ? "" : $" ({info.Message})"));
        Row("created", info.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Row("finished", info.FinishedUtc?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Row(
            "git",
            info.GitCommit is null
                ? "none (neither the experiment file nor the working folder was in a git checkout)"
                : info.GitCommit + (info.GitDirty == true ? " (uncommitted changes)" : "")
        );
        Row("data hash", info.DataFingerprint);
        Row("command", string.Join(' ', info.CommandLine));
        foreach (var (key, value) in details.Settings)
            Row(key, value);
        Row("config", details.ConfigProblem is null ? null : $"unreadable: {details.ConfigProblem}");
        Row("epochs", details.Summary.Epochs?.ToString(CultureInfo.InvariantCulture));
        Row("best val acc", RunsTable.Percent(details.Summary.BestValAccuracy));
        Row("test acc", RunsTable.TestAccuracy(details.Summary));
        Row("final evaluation", FinalEvaluation(details));
        if (details.Evaluation is not null)
            foreach (var (key, value) in details.Evaluation)
                if (value is JsonValue scalar)
                    Row($"eval {key}", FormatScalar(scalar));
        return rows;
    }

    /// <summary>Which split the run's own final evaluation scored, so a validation figure is never read as a test
    /// one.</summary>
    private static string? FinalEvaluation(RunDetails details)
    {
        if (details.Summary.FinalEvaluationSplit is not { } split)
            return null;
        var images = details.Evaluation?["images"] is JsonValue count ? $" ({count} images)" : "";
        var noTestSplit =
            split == EvaluationReport.ValidationSplit
                ? " — the data has no test split, so there is no test accuracy"
                : "";
        return $"{split} split{images}{noTestSplit}";
    }

    private static string FormatScalar(JsonValue value) =>
        value.TryGetValue<double>(out var number) ? number.ToString("G6", CultureInfo.InvariantCulture)
        : value.TryGetValue<string>(out var text) ? text
        : value.ToJsonString();
}
