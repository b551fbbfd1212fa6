using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;

namespace Mlops.Ui.Pages;

/// <summary>
/// /sweeps/{id}: a sweep's trials as pictures — parallel coordinates across the settings the trials differ in and
/// their results, and the best validation accuracy against each numeric setting — with a table of the same. Read
/// from the trials' records and config files only (never their metrics or checkpoints).
/// </summary>
internal static class SweepPage
{
    public const string Objective = "best_val_accuracy";

    public static string Render(RunStore store, string sweep)
    {
        var trials = store.List().Where(run => run.Sweep == sweep).OrderBy(run => run.CreatedUtc).ToList();
        if (trials.Count == 0)
            throw new UiRequestException(StatusCodes.Status404NotFound, sweep, $"no trials of a sweep named '{sweep}'");
        var problems = new List<string>();
        var configs = trials.Select(trial => ConfigOf(store, trial.Name, problems)).ToList();
        var settings = configs
            .SelectMany(config => config.Keys)
            .Distinct(StringComparer.Ordinal)
            .Select(key => SweepAxis.Of(key, configs.Select(config => config.GetValueOrDefault(key)).ToList()))
            .Where(axis => axis.Values.Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        var accuracy = SweepAxis.Of(Objective, trials.Select(trial => Text(trial.BestValAccuracy)).ToList());
        var loss = SweepAxis.Of("last_val_loss", trials.Select(trial => Text(trial.LastValLoss)).ToList());
        var top = trials.Max(trial => trial.BestValAccuracy);
        var best = top is null ? -1 : trials.FindIndex(trial => trial.BestValAccuracy == top);
        var names = trials.Select(trial => trial.Name).ToList();

        var page = new ConsolePage($"Sweep {sweep}");
        page.Raw(
            $"<p>{trials.Count} trials; "
                + ConsolePage.Link($"/runs?where={Uri.EscapeDataString($"sweep={sweep}")}", "in the runs table")
                + (
                    best >= 0
                        ? $"; best: {ConsolePage.Link($"/runs/{Uri.EscapeDataString(names[best])}", names[best])}"
                        : ""
                )
                + "</p>"
        );
        foreach (var problem in problems)
            page.Raw($"<p class=\"error\">{ConsolePage.Escape(problem)}</p>");
        page.Heading("Every trial across the settings it differs in");
        page.Raw(SweepCharts.ParallelCoordinates(names, [.. settings, accuracy, loss], accuracy, best));
        var numeric = settings.Where(axis => axis.IsNumeric).ToList();
        if (numeric.Count > 0)
        {
            page.Heading($"{Objective} against each setting");
            page.Raw(
                "<div class=\"charts\">"
                    + string.Concat(numeric.Select(axis => SweepCharts.Scatter(names, axis, accuracy, best)))
                    + "</div>"
            );
        }
        page.Heading("Trials");
        page.Table(
            ["trial", "status", .. settings.Select(axis => ConsolePage.Escape(axis.Name)), Objective, "last_val_loss"],
            trials.Select(
                (trial, index) =>
                    (IReadOnlyList<string>)
                        [
                            ConsolePage.Link($"/runs/{Uri.EscapeDataString(trial.Name)}", trial.Name)
                                + (index == best ? " ★" : ""),
                            ConsolePage.Escape(trial.Status?.ToString().ToLowerInvariant() ?? trial.Problem ?? ""),
                            .. settings.Select(axis => ConsolePage.Escape(axis.Values[index] ?? "-")),
                            accuracy.Values[index] is { } a
                                ? SweepAxis.Format(double.Parse(a, CultureInfo.InvariantCulture))
                                : "",
                            loss.Values[index] is { } l
                                ? SweepAxis.Format(double.Parse(l, CultureInfo.InvariantCulture))
                                : "",
                        ]
            )
        );
        return page.Render();
    }

    /// <summary>A trial's config; an unreadable one counts as empty and is named above the charts.</summary>
    private static IReadOnlyDictionary<string, string?> ConfigOf(RunStore store, string run, List<string> problems)
    {
        try
        {
            return store.ReadConfig(run);
        }
        catch (Core.Errors.MlopsException error)
        {
            problems.Add($"{error.Where ?? run}: {error.Message}");
            return new Dictionary<string, string?>();
        }
    }

    private static string? Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}
