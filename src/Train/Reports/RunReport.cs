using System.Globalization;
using System.Text.Json.Nodes;
using Mlops.Core.Artifacts;
using Mlops.Train.Runs;

namespace Mlops.Train.Reports;

/// <summary>
/// The HTML report of one run: curves from metrics.jsonl, the confusion matrix and per-class accuracy from
/// evaluation.json, the most confident mistakes, and export.json / quantize.json when the run has them.
/// </summary>
public static class RunReport
{
    public static string Render(RunFolder run, IReadOnlyList<Misclassified> mistakes)
    {
        var details = RunDetails.Of(run);
        var page = new HtmlPage($"Run {run.Name}");
        page.Table(["", ""], Overview(details), "kv");
        AddCurves(page, run.Metrics);
        AddEvaluation(page, run.EvaluationPath);
        AddMistakes(page, mistakes);
        AddConfig(page, run.ConfigPath);
        AddJson(page, "Export", run.File(ArtifactNames.ExportReport));
        AddJson(page, "Quantization", run.File(ArtifactNames.QuantizeReport));
        return page.Render();
    }

    private static IEnumerable<IReadOnlyList<string>> Overview(RunDetails details)
    {
        yield return
        [
            "status",
            details.Info.Status.ToString().ToLowerInvariant()
                + (details.Info.Message is null ? "" : $" ({details.Info.Message})"),
        ];
        yield return
        [
            "created",
            details.Info.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        ];
        foreach (var (key, value) in details.Settings)
            yield return [key, value];
        if (details.Summary.BestValAccuracy is { } val)
            yield return ["best val accuracy", val.ToString("P2", CultureInfo.InvariantCulture)];
        if (details.Summary.TestAccuracy is { } test)
            yield return ["test accuracy", test.ToString("P2", CultureInfo.InvariantCulture)];
        if (details.Info.GitCommit is { } commit)
            yield return ["git", commit + (details.Info.GitDirty == true ? " (uncommitted changes)" : "")];
        if (details.Info.DataFingerprint is { } data)
            yield return ["data fingerprint", data];
    }

    /// <summary>The resolved config as the run kept it; `mlops train` writes each value's source beside it (file and
    /// line, command line, default).</summary>
    private static void AddConfig(HtmlPage page, string path)
    {
        if (!File.Exists(path))
            return;
        page.Heading("Config", "config").Raw($"<pre class=\"config\">{SvgCharts.Escape(File.ReadAllText(path))}</pre>");
    }

    private static void AddCurves(HtmlPage page, MetricsLog metrics)
    {
        var records = metrics.ReadAll();
        var steps = records.Where(r => (string?)r["kind"] == MetricsLog.StepKind).ToList();
        var epochs = metrics.ReadEpochs();
        ChartSeries Series(string name, IEnumerable<JsonObject> rows, string x, string y) =>
            new(
                name,
                rows.Where(r => r[y] is JsonValue)
                    .Select(r => (r[x]!.GetValue<double>(), r[y]!.GetValue<double>()))
                    .ToList()
            );
        ChartSeries EpochSeries(string name, Func<EpochMetrics, double?> value) =>
            new(name, epochs.Where(e => value(e) is not null).Select(e => ((double)e.Epoch, value(e)!.Value)).ToList());
        List<string> charts =
        [
            SvgCharts.Lines("loss by step", "step", [Series("train loss", steps, "step", "loss")]),
            SvgCharts.Lines(
                "loss by epoch",
                "epoch",
                [EpochSeries("train", e => e.TrainLoss), EpochSeries("validation", e => e.ValLoss)]
            ),
            SvgCharts.Lines(
                "accuracy by epoch",
                "epoch",
                [EpochSeries("train", e => e.TrainAccuracy), EpochSeries("validation", e => e.ValAccuracy)]
            ),
            SvgCharts.Lines("learning rate by step", "step", [Series("lr", steps, "step", "lr")]),
        ];
        // Validation always runs the full network: beside a progressive run's low early readings, show the scale it
        // trained at.
        if (epochs.Any(e => e.TrainScale < 1))
            charts.Add(
                SvgCharts.Lines(
                    "training scale by epoch (progressive resizing)",
                    "epoch",
                    [EpochSeries("scale", e => e.TrainScale)]
                )
            );
        page.Heading("Training curves", "curves").Charts([.. charts]);
    }

    private static void AddEvaluation(HtmlPage page, string path)
    {
        EvaluationReport? evaluation;
        try
        {
            evaluation = EvaluationReportFile.Read(path);
        }
        catch (Core.Errors.MlopsException error)
        {
            // The rest of the report is still worth having.
            page.Heading("Evaluation").Paragraph($"{Path.GetFileName(path)} is unreadable: {error.Message}");
            return;
        }
        if (evaluation is not { PerClass: { } perClass, ConfusionMatrix: { } matrix })
        {
            page.Heading("Evaluation").Paragraph("no evaluation.json: the run has not finished its test evaluation");
            return;
        }
        page.Heading(
                $"Evaluation on {evaluation.Split} ({evaluation.Images} images): accuracy {evaluation.Accuracy:P2}",
                "evaluation"
            )
            .Charts(
                SvgCharts.Heatmap("confusion matrix", [.. perClass.Select(c => c.Name)], matrix),
                SvgCharts.Bars("per-class accuracy", [.. perClass.Select(c => (c.Name, c.Accuracy))])
            );
    }

    private static void AddMistakes(HtmlPage page, IReadOnlyList<Misclassified> mistakes)
    {
        page.Heading("Most confident mistakes", "mistakes");
        if (mistakes.Count == 0)
        {
            page.Paragraph("none shown (no checkpoint, no mistakes, or --images 0)");
            return;
        }
        page.Raw(
            "<div class=\"thumbs\">"
                + string.Join(
                    "",
                    mistakes.Select(m =>
                        $"<div class=\"thumb\"><img alt=\"{SvgCharts.Escape(m.TrueLabel)}\" "
                        + $"src=\"data:image/png;base64,{Convert.ToBase64String(m.Png)}\">"
                        + $"<div>true: {SvgCharts.Escape(m.TrueLabel)}</div><div>pred: "
                        + $"{SvgCharts.Escape(m.Predicted)} ({m.Confidence:P0})</div></div>"
                    )
                )
                + "</div>"
        );
    }

    /// <summary>A JSON report of another stage, flattened into key/value rows.</summary>
    private static void AddJson(HtmlPage page, string title, string path)
    {
        if (!File.Exists(path))
            return;
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException error)
        {
            page.Heading(title).Paragraph($"{Path.GetFileName(path)} is unreadable: {error.Message}");
            return;
        }
        var rows = new List<IReadOnlyList<string>>();
        Flatten(json, "", rows);
        page.Heading($"{title} ({Path.GetFileName(path)})", title.ToLowerInvariant())
            .Table(["key", "value"], rows.Take(80), "kv");
    }

    private static void Flatten(JsonNode? node, string prefix, List<IReadOnlyList<string>> rows)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                    Flatten(value, prefix.Length == 0 ? key : $"{prefix}.{key}", rows);
                break;
            case JsonArray array when array.Count <= 16 && array.All(item => item is JsonValue):
                rows.Add([prefix, "[" + string.Join(", ", array.Select(item => item!.ToJsonString())) + "]"]);
                break;
            case JsonArray array:
                for (int i = 0; i < Math.Min(array.Count, 8); i++)
                    Flatten(array[i], $"{prefix}[{i}]", rows);
                if (array.Count > 8)
                    rows.Add([prefix, $"… {array.Count - 8} more"]);
                break;
            case JsonValue value:
                rows.Add([prefix, FormatValue(value)]);
                break;
        }
    }

    /// <summary>Whole numbers (byte sizes, counts) as they are; other numbers to 6 significant digits.</summary>
    private static string FormatValue(JsonValue value)
    {
        if (value.TryGetValue<long>(out var whole))
            return whole.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<double>(out var number))
            return number == Math.Floor(number) && Math.Abs(number) < 1e15
                ? number.ToString("F0", CultureInfo.InvariantCulture)
                : number.ToString("G6", CultureInfo.InvariantCulture);
        return value.ToString();
    }
}
