using System.Net;
using System.Text;

namespace Mlops.Ui.Pages;

/// <summary>The console's page frame: navigation, inline CSS, no script and nothing fetched from elsewhere.</summary>
internal sealed class ConsolePage(string title)
{
    private readonly StringBuilder _body = new();

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public static string Link(string href, string text) => $"<a href=\"{Escape(href)}\">{Escape(text)}</a>";

    public ConsolePage Raw(string html)
    {
        _body.Append(html).Append('\n');
        return this;
    }

    public ConsolePage Heading(string text) => Raw($"<h2>{Escape(text)}</h2>");

    public ConsolePage Paragraph(string text, string cssClass = "") =>
        Raw($"<p class=\"{cssClass}\">{Escape(text)}</p>");

    /// <summary>A table whose cells are HTML already (links, check boxes): callers escape text.</summary>
    public ConsolePage Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><thead><tr>");
        foreach (var header in headers)
            _body.Append($"<th>{header}</th>");
        _body.Append("</tr></thead><tbody>");
        foreach (var row in rows)
            _body.Append("<tr>").Append(string.Concat(row.Select(cell => $"<td>{cell}</td>"))).Append("</tr>");
        _body.Append("</tbody></table>\n");
        return this;
    }

    public string Render() =>
        $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{Escape(title)}} · mlops</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            {{Style}}
            </head><body>
            {{Navigation}}
            <h1>{{Escape(title)}}</h1>
            {{_body}}</body></html>
            """;

    /// <summary>The refusal page: what was wrong and which field.</summary>
    public static string Error(UiRequestException error) =>
        new ConsolePage(TitleOf(error.Status))
            .Raw($"<p class=\"error\"><b>{Escape(error.Field)}</b>: {Escape(error.Message)}</p>")
            .Raw($"<p>{Link("/runs", "Back to the runs")}</p>")
            .Render();

    private static string TitleOf(int status) =>
        status switch
        {
            401 => "Sign in needed",
            403 => "Not allowed",
            404 => "Not found",
            409 => "Refused",
            413 => "Too large",
            415 => "Not a form",
            500 => "Failed",
            502 => "Out of reach",
            _ => "Bad request",
        };

    /// <summary>The header every console page starts with, also put on pages rendered elsewhere (the run
    /// report).</summary>
    public const string Navigation =
        "<nav><b>mlops</b> <a href=\"/runs\">Runs</a> <a href=\"/registry\">Registry</a> "
        + "<a href=\"/releases\">Releases</a>"
        + SignInSlot
        + "</nav>";

    /// <summary>Where each response puts who is signed in (pages are rendered before the request's user is known
    /// to them).</summary>
    public const string SignInSlot = "<!--sign-in-->";

    public const string Style = """
        <style>
        body { font-family: system-ui, sans-serif; margin: 0 24px 24px; color: #222; max-width: 1280px; }
        nav { padding: 10px 0; border-bottom: 1px solid #ddd; margin-bottom: 8px; }
        nav a { margin-left: 16px; } nav .who { float: right; } form.inline { display: inline; }
        form.action { margin: 8px 0; padding: 8px; border: 1px solid #ddd; background: #fafafa; }
        form.action input[name=reason] { width: 24em; } .rules { font-size: 12px; color: #555; }
        h1 { font-size: 22px; margin: 12px 0 4px; } h2 { font-size: 17px; margin-top: 24px; }
        table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
        th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
        th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        form.query input[type=text] { width: 28em; } form.query { margin: 8px 0; }
        .muted { color: #777; font-size: 12px; } .error { color: #a00; }
        .agree { color: #176e2c; } .disagree { color: #a00; font-weight: bold; } svg.traffic { display: block; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; } figure { margin: 0; }
        </style>
        """;
}
