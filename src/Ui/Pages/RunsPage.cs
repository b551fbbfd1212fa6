using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlops.Core.Errors;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;

namespace Mlops.Ui.Pages;

/// <summary>
/// /runs: the runs of the store as a table, filtered and sorted with `mlops runs list`'s language
/// (<c>?where=accuracy&gt;0.9 status=completed&amp;sort=-accuracy</c>), a page at a time, the columns the user
/// ticks; rows can be ticked to compare. The table is drawn from the runs' records, never their metrics files.
/// </summary>
internal static class RunsPage
{
    public const int PageSize = 50;

    /// <summary>Columns a user may show, by their `runs list --json` names, and how a cell is written.</summary>
    private static readonly (string Name, Func<RunSummary, string> Cell)[] Columns =
    [
        ("sweep", run => run.Sweep ?? ""),
        ("status", run => run.Status?.ToString().ToLowerInvariant() ?? run.Problem ?? ""),
        ("created_utc", run => run.CreatedUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? ""),
        ("epochs", run => run.Epochs?.ToString(CultureInfo.InvariantCulture) ?? ""),
        ("best_val_accuracy", run => Percent(run.BestValAccuracy)),
        ("last_val_loss", run => run.LastValLoss?.ToString("G4", CultureInfo.InvariantCulture) ?? ""),
        ("test_accuracy", run => Percent(run.TestAccuracy)),
    ];

    public static string Render(RunStore store, IQueryCollection query)
    {
        var where = (query["where"].ToString() ?? "").Trim();
        var sort = query["sort"].ToString() is { Length: > 0 } given ? given : "-created_utc";
        var shown =
            query["columns"].Count > 0
                ? Columns.Where(column => query["columns"].Contains(column.Name)).ToArray()
                : Columns;
        var page = PageNumber(query["page"].ToString());

        IEnumerable<RunSummary> runs = store.List();
        try
        {
            foreach (var condition in where.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                runs = runs.Where(RunQuery.Where(condition));
            var matching = GroupedBySweep(RunQuery.Sort(runs, sort));
            return Draw(store, matching, where, sort, shown, page);
        }
        catch (MlopsException error) when (error.Where is "--where" or "--sort")
        {
            throw new UiRequestException(StatusCodes.Status400BadRequest, error.Where[2..], error.Message);
        }
    }

    private static string Draw(
        RunStore store,
        IReadOnlyList<RunSummary> runs,
        string where,
        string sort,
        IReadOnlyList<(string Name, Func<RunSummary, string> Cell)> shown,
        int page
    )
    {
        var pages = Math.Max(1, (runs.Count + PageSize - 1) / PageSize);
        if (page > pages)
            throw new UiRequestException(
                StatusCodes.Status400BadRequest,
                "page",
                $"there are {pages} pages of {PageSize} runs, not {page}"
            );
        var first = (page - 1) * PageSize;
        var names = shown.Select(column => column.Name).ToList();
        var view = new ConsolePage($"Runs in {store.Uri}");
        view.Raw(QueryForm(where, sort, shown.Select(column => column.Name).ToHashSet()));
        view.Raw("<form method=\"get\" action=\"/compare\">");
        view.Table(
            ["", "name", .. shown.Select(column => SortLink(column.Name, sort, where, names))],
            runs.Skip(first)
                .Take(PageSize)
                .Select(run =>
                    (IReadOnlyList<string>)
                        [
                            $"<input type=\"checkbox\" name=\"run\" value=\"{ConsolePage.Escape(run.Name)}\">",
                            ConsolePage.Link($"/runs/{Uri.EscapeDataString(run.Name)}", run.Name),
                            .. shown.Select(column =>
                                column.Name == "sweep" ? SweepCell(run) : ConsolePage.Escape(column.Cell(run))
                            ),
                        ]
                )
        );
        view.Raw("<button type=\"submit\">Compare the ticked runs (2 to 10)</button></form>");
        var last = Math.Min(first + PageSize, runs.Count);
        view.Paragraph($"runs {(runs.Count == 0 ? 0 : first + 1)}–{last} of {runs.Count}", "muted");
        if (page > 1)
            view.Raw(ConsolePage.Link(Href(where, sort, names, page - 1), "← previous"));
        if (page < pages)
            view.Raw(ConsolePage.Link(Href(where, sort, names, page + 1), "next →"));
        return view.Render();
    }

    /// <summary>A sweep's trials together, where its best-placed trial falls in the order; other runs stay where they
    /// are.</summary>
    private static List<RunSummary> GroupedBySweep(IEnumerable<RunSummary> sorted) =>
        [.. sorted.GroupBy(run => run.Sweep ?? "\u0000" + run.Name).SelectMany(group => group)];

    private static string SweepCell(RunSummary run) =>
        run.Sweep is { } sweep
            ? ConsolePage.Link($"/sweeps/{Uri.EscapeDataString(sweep)}", sweep)
                + " "
                + ConsolePage.Link($"/runs?where={Uri.EscapeDataString($"sweep={sweep}")}", "(only these)")
            : "";

    private static string QueryForm(string where, string sort, IReadOnlySet<string> shown) =>
        "<form class=\"query\" method=\"get\" action=\"/runs\">"
        + $"<label>where <input type=\"text\" name=\"where\" value=\"{ConsolePage.Escape(where)}\" "
        + "placeholder=\"accuracy>0.9 status=completed\"></label> "
        + $"<label>sort <input type=\"text\" name=\"sort\" value=\"{ConsolePage.Escape(sort)}\" size=\"14\"></label> "
        + string.Concat(
            Columns.Select(column =>
                $"<label><input type=\"checkbox\" name=\"columns\" value=\"{column.Name}\""
                + (shown.Contains(column.Name) ? " checked" : "")
                + $">{column.Name}</label> "
            )
        )
        + "<button type=\"submit\">Show</button></form>";

    /// <summary>A column header that sorts by it, descending first, ascending when already descending.</summary>
    private static string SortLink(string column, string sort, string where, IEnumerable<string> columns)
    {
        var next = sort == $"-{column}" ? column : $"-{column}";
        var arrow =
            sort == column ? " ▲"
            : sort == $"-{column}" ? " ▼"
            : "";
        return ConsolePage.Link(Href(where, next, columns, page: 1), column + arrow);
    }

    /// <summary>The table's address with its filter, order and columns kept.</summary>
    private static string Href(string where, string sort, IEnumerable<string> columns, int page) =>
        $"/runs?where={Uri.EscapeDataString(where)}&sort={Uri.EscapeDataString(sort)}"
        + string.Concat(columns.Select(column => $"&columns={column}"))
        + (page > 1 ? "&page=" + page.ToString(CultureInfo.InvariantCulture) : "");

    private static int PageNumber(string text) =>
        text.Length == 0 ? 1
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page
        : throw new UiRequestException(StatusCodes.Status400BadRequest, "page", $"'{text}' is not a page number");

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "";
}
