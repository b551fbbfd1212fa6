using System.Globalization;
using Mlops.Train.Runs;
using Spectre.Console;

namespace Mlops.Cli.Commands.Runs;

/// <summary>The table of `mlops runs list`: one row per run, an unreadable run's problem in its status cell.</summary>
public static class RunsTable
{
    public static Table Of(IEnumerable<RunSummary> runs)
    {
        var table = new Table();
        foreach (
            var header in new[]
            {
                "run",
                "status",
                "created (UTC)",
                "epochs",
                "best val acc",
                "last val loss",
                "test acc",
            }
        )
            table.AddColumn(new TableColumn(header).NoWrap());
        // The status cell may hold a whole parse error: it wraps, or Spectre would shrink every row of the table to
        // "…".
        table.Columns[1].NoWrap = false;
        foreach (var run in runs)
            table.AddRow(
                Markup.Escape(run.Name),
                Markup.Escape(run.Problem is null ? Describe(run.Status) : $"unreadable: {run.Problem}"),
                run.CreatedUtc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
                run.Epochs?.ToString(CultureInfo.InvariantCulture) ?? "",
                Percent(run.BestValAccuracy),
                run.LastValLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "",
                TestAccuracy(run)
            );
        return table;
    }

    public static string Describe(RunStatus? status) => status?.ToString().ToLowerInvariant() ?? "?";

    /// <summary>"-" when the final evaluation was not on a test split (an image folder's validation part) or has not
    /// run.</summary>
    public static string TestAccuracy(RunSummary run) => run.TestAccuracy is null ? "-" : Percent(run.TestAccuracy);

    public static string Percent(double? fraction) => fraction?.ToString("P2", CultureInfo.InvariantCulture) ?? "";
}
