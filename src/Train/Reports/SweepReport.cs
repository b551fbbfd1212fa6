using System.Globalization;
using Mlops.Train.Sweeps;

namespace Mlops.Train.Reports;

/// <summary>
/// The HTML report of a sweep: trials ranked by the sweep metric, each parameter against the metric, and
/// the metric per epoch of every trial (where the median rule cut the pruned ones).
/// </summary>
public static class SweepReport
{
    public static string Render(string folder)
    {
        var sweep = SweepFile.Read(folder);
        var page = new HtmlPage($"Sweep {sweep.Name}");
        page.Paragraph(
            $"{sweep.Method.ToString().ToLowerInvariant()} search, {sweep.Trials.Count} trials, "
                + $"{sweep.Goal.ToString().ToLowerInvariant()} {sweep.Metric}; status "
                + $"{sweep.Status.ToString().ToLowerInvariant()}, "
                + $"{TimeSpan.FromSeconds(sweep.ElapsedSeconds):hh\\:mm\\:ss} spent"
        );
        var keys = sweep.Trials.SelectMany(t => t.Params.Keys).Distinct().ToList();
        var ranked = sweep
            .Trials.Where(t => t.Metric is not null)
            .OrderBy(t => sweep.Goal == SweepGoal.Maximize ? -t.Metric!.Value : t.Metric!.Value)
            .Concat(sweep.Trials.Where(t => t.Metric is null))
            .ToList();
        page.Heading("Trials, best first", "ranking")
            .Table(
                ["rank", "trial", .. keys, sweep.Metric, "best epoch", "test accuracy", "status", "run"],
                ranked.Select(
                    (t, rank) =>
                        (IReadOnlyList<string>)
                            [
                                t.Metric is null ? "" : (rank + 1).ToString(CultureInfo.InvariantCulture),
                                (t.Index + 1).ToString(CultureInfo.InvariantCulture),
                                .. keys.Select(k => t.Params.GetValueOrDefault(k) ?? ""),
                                t.Metric?.ToString("G4", CultureInfo.InvariantCulture) ?? "",
                                t.BestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "",
                                t.TestAccuracy?.ToString("P2", CultureInfo.InvariantCulture) ?? "",
                                t.Status.ToString().ToLowerInvariant() + (t.Message is null ? "" : $" ({t.Message})"),
                                t.Run is null ? "" : Path.GetFileName(t.Run),
                            ]
                )
            );
        page.Heading($"Parameters against {sweep.Metric}", "parameters")
            .Charts(keys.Select(key => Scatter(sweep, key)).ToArray());
        page.Heading($"{sweep.Metric} per epoch", "histories")
            .Charts(
                SvgCharts.Lines(
                    $"{sweep.Metric} by epoch",
                    "epoch",
                    sweep
                        .Trials.Where(t => t.History.Count > 0)
                        .Select(t => new ChartSeries(
                            $"trial {t.Index + 1}",
                            t.History.Select((v, i) => ((double)i + 1, v)).ToList()
                        ))
                        .ToList()
                )
            );
        return page.Render();
    }

    /// <summary>Numbers on their own axis (log when they span decades); words as evenly spaced categories.</summary>
    private static string Scatter(SweepRecord sweep, string key)
    {
        var scored = sweep.Trials.Where(t => t.Metric is not null && t.Params.ContainsKey(key)).ToList();
        var numbers = scored
            .Select(t =>
                double.TryParse(t.Params[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : (double?)null
            )
            .ToList();
        if (numbers.All(n => n is not null))
        {
            bool log =
                numbers.All(n => n > 0) && numbers.Count > 0 && numbers.Max()!.Value / numbers.Min()!.Value >= 20;
            return SvgCharts.Scatter(
                key,
                key,
                sweep.Metric,
                scored
                    .Select(
                        (t, i) =>
                            (
                                numbers[i]!.Value,
                                t.Metric!.Value,
                                $"trial {t.Index + 1}: {key}={t.Params[key]}, {sweep.Metric} {t.Metric:G4}"
                            )
                    )
                    .ToList(),
                log
            );
        }
        var categories = scored.Select(t => t.Params[key]).Distinct().ToList();
        return SvgCharts.Scatter(
            $"{key} ({string.Join(", ", categories.Select((c, i) => $"{i}={c}"))})",
            key,
            sweep.Metric,
            scored
                .Select(t =>
                    (
                        (double)categories.IndexOf(t.Params[key]),
                        t.Metric!.Value,
                        $"trial {t.Index + 1}: {key}={t.Params[key]}, {sweep.Metric} {t.Metric:G4}"
                    )
                )
                .ToList(),
            false
        );
    }
}
