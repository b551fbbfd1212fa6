using System.Text;

namespace Mlops.Train.Reports;

/// <summary>The page frame: inline CSS only, no script, nothing fetched — the file opens anywhere offline.</summary>
internal sealed class HtmlPage
{
    private readonly StringBuilder _body = new();

    public HtmlPage(string title)
    {
        Title = title;
    }

    public string Title { get; }

    public HtmlPage Heading(string text, string? id = null)
    {
        _body.Append($"<h2{(id is null ? "" : $" id=\"{id}\"")}>{SvgCharts.Escape(text)}</h2>\n");
        return this;
    }

    public HtmlPage Raw(string html)
    {
        _body.Append(html).Append('\n');
        return this;
    }

    public HtmlPage Paragraph(string text) => Raw($"<p>{SvgCharts.Escape(text)}</p>");

    public HtmlPage Table(
        IReadOnlyList<string> headers,
        IEnumerable<IReadOnlyList<string>> rows,
        string cssClass = "data"
    )
    {
        _body.Append($"<table class=\"{cssClass}\"><thead><tr>");
        foreach (var header in headers)
            _body.Append($"<th>{SvgCharts.Escape(header)}</th>");
        _body.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
                _body.Append($"<td>{SvgCharts.Escape(cell)}</td>");
            _body.Append("</tr>");
        }
        _body.Append("</tbody></table>\n");
        return this;
    }

    public HtmlPage Charts(params string[] svgs) =>
        Raw("<div class=\"charts\">" + string.Join("", svgs.Select(svg => $"<figure>{svg}</figure>")) + "</div>");

    public string Render() =>
        $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{SvgCharts.Escape(Title)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 24px; color: #222; max-width: 1200px; }
            h1 { font-size: 22px; margin-bottom: 4px; }
            h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
            table.data, table.kv { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
            table.data th, table.data td, table.kv td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
            table.data th { background: #f2f2f2; } table.data tr:first-child td { font-weight: 600; }
            .charts { display: flex; flex-wrap: wrap; gap: 12px; } figure { margin: 0; }
            .thumbs { display: flex; flex-wrap: wrap; gap: 10px; }
            .thumb { font-size: 11px; text-align: center; width: 96px; }
            .thumb img { width: 84px; height: 84px; image-rendering: pixelated; border: 1px solid #ccc; }
            .muted { color: #777; font-size: 12px; }
            </style></head>
            <body><h1>{{SvgCharts.Escape(Title)}}</h1>
            {{_body}}<p class="muted">Written by mlops report at {{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}} UTC.</p>
            </body></html>
            """;
}
