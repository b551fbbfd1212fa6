using System.Globalization;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Release;
using Mlops.Registry.Models;
using Mlops.Ui.Access;
using Mlops.Ui.Releases;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Pages;

/// <summary>
/// /releases: each followed Cloud Run service's traffic split (a bar and a table of revisions with the registry
/// version each serves and the aliases on it), whether every alias that follows the service AGREEs with it — the
/// lines of `mlops release status` — and, signed in, the forms to promote or stop a canary or roll back.
/// </summary>
internal static class ReleasesPage
{
    private static readonly string[] Colours = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#9d755d"];

    public static async Task<string> RenderAsync(
        ReleaseTargets? targets,
        ReleaseReaders readers,
        ConsoleViewer viewer,
        AccessPolicy access,
        CancellationToken cancel
    )
    {
        var page = new ConsolePage("Releases");
        if (targets is null || targets.Services.Count == 0)
        {
            page.Paragraph(
                "no services followed: mlops ui --cloud-run-service projects/<p>/locations/<r>/services/<s>",
                "muted"
            );
            return page.Render();
        }
        foreach (var service in targets.Services)
            await ServiceAsync(page, new CloudRunReleaser(targets.Client, service), readers, viewer, cancel);
        if (viewer.User is not null)
            page.Raw(
                "<p class=\"rules\">Who may move aliases: "
                    + ConsolePage.Escape(string.Join("; ", access.Describe()))
                    + "</p>"
            );
        return page.Render();
    }

    private static async Task ServiceAsync(
        ConsolePage page,
        CloudRunReleaser releaser,
        ReleaseReaders readers,
        ConsoleViewer viewer,
        CancellationToken cancel
    )
    {
        var registry = readers.Registry;
        var service = releaser.Service;
        page.Raw($"<h2 id=\"{ConsolePage.Escape(service.Service)}\">{ConsolePage.Escape(service.Service)}</h2>");
        page.Paragraph(service.Name, "muted");
        ReleaseStatus status;
        try
        {
            status = await releaser.StatusAsync(cancel);
        }
        catch (Exception error) when (error is MlopsException or HttpRequestException)
        {
            page.Raw($"<p class=\"error\">could not read the service: {ConsolePage.Escape(error.Message)}</p>");
            return;
        }
        var model = ReleaseRegistryView.LabelledModel(status);
        var aliases = model is null || registry is null ? [] : await registry.Aliases.AllAsync(model, cancel);
        var view = ReleaseRegistryView.Build(status, model, aliases);
        page.Raw(TrafficBar(view.Rows));
        page.Table(
            [
                "revision",
                "traffic",
                "tag",
                model is null ? "version" : $"{ConsolePage.Escape(model)} version",
                "aliases",
                "created",
                "ready",
            ],
            view.Rows.Select(row =>
                (IReadOnlyList<string>)
                    [
                        ConsolePage.Escape(row.Revision),
                        $"{row.Percent}%",
                        ConsolePage.Escape(row.Tag ?? ""),
                        row.Version?.ToString(CultureInfo.InvariantCulture) ?? "-",
                        ConsolePage.Escape(string.Join(", ", row.Aliases)),
                        ConsolePage.Escape(row.Info.CreateTime ?? ""),
                        row.Info.Ready ? "yes" : "no",
                    ]
            )
        );
        foreach (var check in view.Checks(null))
            page.Paragraph(check, check.StartsWith("AGREE", StringComparison.Ordinal) ? "agree" : "disagree");
        if (model is not null && registry is not null)
        {
            await DriftSection.AddAsync(page, readers, model, view.Serving?.Version, service.Name, cancel);
            var versions = await registry.Catalog.VisibleCardsAsync(model, cancel);
            ReleaseForms.Add(page, service, status.Service, aliases, versions, viewer);
        }
    }

    /// <summary>The split as one horizontal bar, a segment per revision that has traffic.</summary>
    private static string TrafficBar(IReadOnlyList<RevisionRow> rows)
    {
        var svg = new System.Text.StringBuilder(
            "<svg class=\"traffic\" width=\"600\" height=\"28\" role=\"img\" aria-label=\"traffic split\">"
        );
        var x = 0.0;
        foreach (var (row, index) in rows.Where(row => row.Percent > 0).Select((row, index) => (row, index)))
        {
            var width = 6.0 * row.Percent;
            var label = $"{row.Revision} {row.Percent}%{(row.Tag is null ? "" : $" ({row.Tag})")}";
            svg.Append(
                    CultureInfo.InvariantCulture,
                    $"<rect x=\"{x:F1}\" width=\"{width:F1}\" height=\"28\" fill=\"{Colours[index % Colours.Length]}\">"
                )
                .Append($"<title>{ConsolePage.Escape(label)}</title></rect>")
                .Append(
                    CultureInfo.InvariantCulture,
                    $"<text x=\"{x + 6:F1}\" y=\"18\" fill=\"#fff\" font-size=\"12\">{row.Percent}%</text>"
                );
            x += width;
        }
        return svg.Append("</svg>").ToString();
    }
}
