using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlops.Train.Reports;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;

namespace Mlops.Ui.Pages;

/// <summary>/compare?run=a&amp;run=b…: 2 to 10 runs side by side — their curves overlaid, only the settings that
/// differ, and their final metrics.</summary>
internal static class ComparePage
{
    public const int MaxRuns = 10;

    public static string Render(RunStore store, IQueryCollection query)
    {
        var names = query["run"]
            .Where(name => !string.IsNullOrWhiteSpace(name))
            .Select(name => name!)
            .Distinct()
            .ToList();
        if (names.Count is < 2 or > MaxRuns)
            throw new UiRequestException(
                StatusCodes.Status400BadRequest,
                "run",
                $"compare takes 2 to {MaxRuns} runs, got {names.Count}"
            );
        var runs = names.Select(name => RunPage.Find(store, name)).ToList();
        var comparison = RunComparison.Of(runs);
        var page = new ConsolePage($"Compare {runs.Count} runs");
        var epochs = runs.Select(run => run.Metrics.ReadEpochs()).ToList();
        page.Raw(
            "<div class=\"charts\">"
                + Chart("validation accuracy", runs, epochs, epoch => epoch.ValAccuracy)
                + Chart("validation loss", runs, epochs, epoch => epoch.ValLoss)
                + Chart("training loss", runs, epochs, epoch => epoch.TrainLoss)
                + "</div>"
        );
        var headers = comparison.Runs.Select(name => ConsolePage.Link($"/runs/{Uri.EscapeDataString(name)}", name));
        page.Heading("Settings that differ");
        if (comparison.Differences.Count == 0)
            page.Paragraph("none: the runs have the same config", "muted");
        else
            page.Table(
                ["setting", .. headers],
                comparison.Differences.Select(row =>
                    (IReadOnlyList<string>)
                        [ConsolePage.Escape(row.Key), .. row.Values.Select(value => ConsolePage.Escape(value ?? "-"))]
                )
            );
        page.Heading("Final metrics");
        page.Table(
            ["metric", .. headers],
            comparison.Metrics.Select(row =>
                (IReadOnlyList<string>)
                    [
                        ConsolePage.Escape(row.Metric),
                        .. row.Values.Select(value => ConsolePage.Escape(RunComparison.Format(value))),
                    ]
            )
        );
        return page.Render();
    }

    private static string Chart(
        string title,
        IReadOnlyList<RunFolder> runs,
        IReadOnlyList<IReadOnlyList<EpochMetrics>> epochs,
        Func<EpochMetrics, double?> value
    ) =>
        "<figure>"
        + SvgCharts.Lines(
            title,
            "epoch",
            runs.Select(
                    (run, i) =>
                        new ChartSeries(
                            run.Name,
                            epochs[i]
                                .Where(epoch => value(epoch) is not null)
                                .Select(epoch => ((double)epoch.Epoch, value(epoch)!.Value))
                                .ToList()
                        )
                )
                .ToList()
        )
        + "</figure>";
}
