using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlops.Core.Artifacts;
using Mlops.Registry.Models;

namespace Mlops.Ui.Pages;

/// <summary>
/// /registry/{model}/{version}: one version's card (metrics, files, config, lineage back to its run, tags, the int8
/// or fp32 choice its quantize.json states), and /registry/{model}/diff?left=&amp;right=: two versions side by side,
/// the rows that differ marked, as `mlops registry diff` prints them.
/// </summary>
internal static class VersionPage
{
    public static async Task<string> VersionAsync(
        ModelRegistry registry,
        string model,
        int version,
        CancellationToken cancel
    )
    {
        var card = await registry.Catalog.CardAsync(model, version, cancel);
        var tags = await registry.Tags.GetAsync(model, version, cancel);
        var aliases = (await registry.Aliases.AllAsync(model, cancel)).Where(alias => alias.Version == version);
        var quantize = await registry.Puller.ReadSmallFileAsync(
            card,
            ArtifactNames.QuantizeReport,
            cancellationToken: cancel
        );
        var page = new ConsolePage($"{model} version {version}");
        page.Raw($"<p>{ConsolePage.Link($"/registry/{Uri.EscapeDataString(model)}", $"all versions of {model}")}</p>");
        page.Table(
            ["", ""],
            new List<IReadOnlyList<string>>
            {
                new[] { "created", $"{Time(card.CreatedAt)} by {ConsolePage.Escape(card.CreatedBy)}" },
                new[] { "aliases", ConsolePage.Escape(string.Join(", ", aliases.Select(alias => alias.Alias))) },
                new[] { "description", ConsolePage.Escape(card.Description ?? "") },
                new[] { "int8 or fp32", ConsolePage.Escape(Int8Choice(quantize)) },
                new[] { "run", RunLink(card.Lineage.Run) },
                new[] { "git commit", ConsolePage.Escape(card.Lineage.GitCommit ?? "-") },
                new[] { "data fingerprint", ConsolePage.Escape(card.Lineage.DataFingerprint ?? "-") },
                new[]
                {
                    "parent version",
                    card.Lineage.ParentVersion is { } parent
                        ? ConsolePage.Link($"/registry/{Uri.EscapeDataString(model)}/{parent}", $"{parent}")
                        : "-",
                },
            }.Concat(
                tags.Select(tag =>
                    (IReadOnlyList<string>)[$"tag {ConsolePage.Escape(tag.Key)}", ConsolePage.Escape(tag.Value)]
                )
            )
        );
        page.Heading("Metrics");
        page.Table(
            ["metric", "value"],
            card.Metrics.Select(m => (IReadOnlyList<string>)[ConsolePage.Escape(m.Key), Number(m.Value)])
        );
        page.Heading("Files");
        page.Table(
            ["file", "size", "sha256"],
            card.Files.Select(file =>
                (IReadOnlyList<string>)
                    [
                        ConsolePage.Escape(file.Name),
                        $"{file.Size / 1e6:F2} MB",
                        ConsolePage.Escape(file.Sha256[..Math.Min(12, file.Sha256.Length)]),
                    ]
            )
        );
        page.Heading("Config");
        page.Table(
            ["key", "value"],
            card.Config.Select(c => (IReadOnlyList<string>)[ConsolePage.Escape(c.Key), ConsolePage.Escape(c.Value)])
        );
        return page.Render();
    }

    public static async Task<string> DiffAsync(
        ModelRegistry registry,
        string model,
        IQueryCollection query,
        CancellationToken cancel
    )
    {
        var left = await registry.Catalog.CardAsync(model, VersionField(query, "left"), cancel);
        var right = await registry.Catalog.CardAsync(model, VersionField(query, "right"), cancel);
        var all = query["all"] == "on";
        var page = new ConsolePage($"{model}: version {left.Version} against {right.Version}");
        page.Raw($"<p>{ConsolePage.Link($"/registry/{Uri.EscapeDataString(model)}", $"all versions of {model}")}</p>");
        var rows = CardDiff.Compare(left, right).Where(row => all || row.Differs || row.Section == "metric").ToList();
        page.Table(
            ["", "key", $"version {left.Version}", $"version {right.Version}"],
            rows.Select(row =>
                (IReadOnlyList<string>)
                    [
                        ConsolePage.Escape(row.Section),
                        row.Differs ? $"<b>{ConsolePage.Escape(row.Key)}</b>" : ConsolePage.Escape(row.Key),
                        ConsolePage.Escape(row.Left ?? "-"),
                        ConsolePage.Escape(row.Right ?? "-"),
                    ]
            )
        );
        page.Paragraph(
            all
                ? "every key; those that differ in bold"
                : "metrics and the keys that differ (add all=on for every key)",
            "muted"
        );
        return page.Render();
    }

    /// <summary>The model page's form that leads here.</summary>
    public static string DiffForm(string model, IReadOnlyList<ModelCard> cards)
    {
        if (cards.Count < 2)
            return "";
        string Select(string name, int chosen) =>
            $"<select name=\"{name}\">"
            + string.Concat(
                cards
                    .OrderByDescending(card => card.Version)
                    .Select(card => $"<option{(card.Version == chosen ? " selected" : "")}>{card.Version}</option>")
            )
            + "</select>";
        var newest = cards.Max(card => card.Version);
        var second = cards.Where(card => card.Version != newest).Max(card => card.Version);
        return $"<form method=\"get\" action=\"/registry/{Uri.EscapeDataString(model)}/diff\" class=\"query\">"
            + $"Compare version {Select("left", second)} with {Select("right", newest)} "
            + "<label><input type=\"checkbox\" name=\"all\"> every key</label> <button type=\"submit\">Diff</button>"
            + "</form>";
    }

    private static int VersionField(IQueryCollection query, string name) =>
        int.TryParse(query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new UiRequestException(
                StatusCodes.Status400BadRequest,
                name,
                $"'{query[name]}' is not a version number"
            );

    private static string Int8Choice(byte[]? quantize) =>
        quantize is null
            ? "fp32 (no quantize.json)"
            : QuantizeReportFile.ReadDecision(quantize)?.Choice ?? $"unreadable {ArtifactNames.QuantizeReport}";

    private static string RunLink(string? run) =>
        run is null
            ? "-"
            : ConsolePage.Link($"/runs/{Uri.EscapeDataString(Path.GetFileName(run))}", Path.GetFileName(run));

    private static string Time(DateTimeOffset at) =>
        at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
