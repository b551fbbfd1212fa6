using System.Globalization;
using System.Net;
using System.Text;

namespace Mlops.Train.Reports;

/// <summary>A named line of (x, y) points.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// Inline SVG charts for the HTML report, drawn by us so the page needs no script or network:
/// line charts, bars, a heat map and a scatter. Every chart carries class "chart" and its kind.
/// </summary>
public static class SvgCharts
{
    private const int Width = 460,
        Height = 260,
        Left = 56,
        Right = 12,
        Top = 28,
        Bottom = 40;
    private static readonly string[] Colors =
    [
        "#1f77b4",
        "#d62728",
        "#2ca02c",
        "#ff7f0e",
        "#9467bd",
        "#8c564b",
        "#e377c2",
        "#17becf",
    ];

    public static string Lines(string title, string xLabel, IReadOnlyList<ChartSeries> series, bool logY = false)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y) && (!logY || p.Y > 0)).ToList();
        var svg = Open("lines", title);
        if (points.Count == 0)
            return Empty(svg);
        Func<double, double> fy = logY ? Math.Log10 : v => v;
        var xAxis = AxisScale.For(points.Select(p => p.X));
        var yAxis = AxisScale.For(points.Select(p => fy(p.Y)), logY);
        var (x0, x1, y0, y1) = (xAxis.Low, xAxis.High, yAxis.Low, yAxis.High);
        Axes(svg, xAxis, yAxis, xLabel);
        for (int i = 0; i < series.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var valid = series[i].Points.Where(p => double.IsFinite(p.Y) && (!logY || p.Y > 0)).ToList();
            if (valid.Count == 0)
                continue;
            var path = string.Join(
                " ",
                valid.Select((p, k) => $"{(k == 0 ? "M" : "L")}{X(p.X, x0, x1)},{Y(fy(p.Y), y0, y1)}")
            );
            svg.Append($"<path class=\"series\" d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\"/>");
            if (valid.Count <= 40)
                foreach (var p in valid)
                    svg.Append(
                        $"<circle cx=\"{X(p.X, x0, x1)}\" cy=\"{Y(fy(p.Y), y0, y1)}\" r=\"2.5\" fill=\"{color}\"/>"
                    );
            svg.Append(
                $"<text x=\"{Left + 150 + i * 95}\" y=\"{Top - 6}\" fill=\"{color}\" font-size=\"11\">■ "
                    + $"{Escape(series[i].Name)}</text>"
            );
        }
        return Close(svg);
    }

    public static string Bars(
        string title,
        IReadOnlyList<(string Label, double Value)> bars,
        double max = 1,
        string format = "P1"
    )
    {
        var svg = Open("bars", title);
        if (bars.Count == 0)
            return Empty(svg);
        double slot = (double)(Width - Left - Right) / bars.Count;
        var yAxis = AxisScale.For([0, max]);
        Axes(svg, null, yAxis, "");
        for (int i = 0; i < bars.Count; i++)
        {
            double x = Left + i * slot + slot * 0.15,
                h = Math.Clamp(bars[i].Value / yAxis.High, 0, 1) * (Height - Top - Bottom);
            svg.Append(
                $"<rect class=\"bar\" x=\"{N(x)}\" y=\"{N(Height - Bottom - h)}\" width=\"{N(slot * 0.7)}\" "
                    + $"height=\"{N(h)}\" fill=\"{Colors[0]}\"><title>{Escape(bars[i].Label)}: "
                    + $"{bars[i].Value.ToString(format, CultureInfo.InvariantCulture)}</title></rect>"
            );
            svg.Append(
                $"<text x=\"{N(x + slot * 0.35)}\" y=\"{N(Height - Bottom - h - 3)}\" font-size=\"9\" "
                    + $"text-anchor=\"middle\">"
                    + bars[i].Value.ToString(format == "P1" ? "P0" : format, CultureInfo.InvariantCulture)
                    + "</text>"
            );
            svg.Append(
                $"<text x=\"{N(x + slot * 0.35)}\" y=\"{Height - Bottom + 12}\" font-size=\"9\" text-anchor=\"end\" "
                    + $"transform=\"rotate(-30 {N(x + slot * 0.35)} "
                    + $"{Height - Bottom + 12})\">{Escape(Short(bars[i].Label))}</text>"
            );
        }
        return Close(svg);
    }

    /// <summary>Confusion matrix: rows are true classes, columns predictions; colour by row share.</summary>
    public static string Heatmap(string title, IReadOnlyList<string> labels, long[][] matrix)
    {
        int n = labels.Count,
            cell = Math.Max(18, Math.Min(36, 360 / Math.Max(1, n))),
            margin = 90;
        int size = margin + n * cell + 10; // + 40 wide: the last rotated column label runs past the grid
        var svg = new StringBuilder(
            $"<svg class=\"chart heatmap\" width=\"{size + 40}\" height=\"{size + 20}\" viewBox=\"0 0 {size + 40} "
                + $"{size + 20}\" role=\"img\"><title>{Escape(title)}</title>"
        );
        svg.Append(
            $"<text x=\"{margin}\" y=\"14\" font-size=\"12\" font-weight=\"bold\">{Escape(title)} (rows: true, "
                + $"columns: predicted)</text>"
        );
        for (int r = 0; r < n; r++)
        {
            double total = Math.Max(1, matrix[r].Sum());
            svg.Append(
                $"<text x=\"{margin - 4}\" y=\"{margin + r * cell + cell / 2 + 4}\" font-size=\"10\" "
                    + $"text-anchor=\"end\">{Escape(Short(labels[r]))}</text>"
            );
            for (int c = 0; c < n; c++)
            {
                double share = matrix[r][c] / total;
                int shade = (int)Math.Round(255 - share * 200);
                var fill = r == c ? $"rgb({shade},{Math.Min(255, shade + 20)},255)" : $"rgb(255,{shade},{shade})";
                svg.Append(
                    $"<rect class=\"cell\" x=\"{margin + c * cell}\" y=\"{margin + r * cell}\" width=\"{cell}\" "
                        + $"height=\"{cell}\" fill=\"{fill}\" stroke=\"#fff\"><title>true {Escape(labels[r])}, "
                        + $"predicted {Escape(labels[c])}: {matrix[r][c]}</title></rect>"
                );
                if (matrix[r][c] > 0 && cell >= 22)
                    svg.Append(
                        $"<text x=\"{margin + c * cell + cell / 2}\" y=\"{margin + r * cell + cell / 2 + 4}\" "
                            + $"font-size=\"9\" text-anchor=\"middle\">{matrix[r][c]}</text>"
                    );
            }
        }
        for (int c = 0; c < n; c++)
        {
            int x = margin + c * cell + cell / 2;
            svg.Append(
                $"<text x=\"{x}\" y=\"{margin - 6}\" font-size=\"10\" transform=\"rotate(-45 {x} "
                    + $"{margin - 6})\">{Escape(Short(labels[c]))}</text>"
            );
        }
        return svg.Append("</svg>").ToString();
    }

    public static string Scatter(
        string title,
        string xLabel,
        string yLabel,
        IReadOnlyList<(double X, double Y, string Tip)> points,
        bool logX
    )
    {
        var svg = Open("scatter", title);
        var valid = points.Where(p => double.IsFinite(p.Y) && (!logX || p.X > 0)).ToList();
        if (valid.Count == 0)
            return Empty(svg);
        Func<double, double> fx = logX ? Math.Log10 : v => v;
        var xAxis = AxisScale.For(valid.Select(p => fx(p.X)), logX);
        var yAxis = AxisScale.For(valid.Select(p => p.Y));
        var (x0, x1, y0, y1) = (xAxis.Low, xAxis.High, yAxis.Low, yAxis.High);
        Axes(svg, xAxis, yAxis, xLabel + (logX ? " (log)" : ""));
        svg.Append(
            $"<text x=\"12\" y=\"{Top + (Height - Top - Bottom) / 2}\" font-size=\"10\" transform=\"rotate(-90 12 "
                + $"{Top + (Height - Top - Bottom) / 2})\" text-anchor=\"middle\">{Escape(yLabel)}</text>"
        );
        foreach (var p in valid)
            svg.Append(
                $"<circle class=\"point\" cx=\"{X(fx(p.X), x0, x1)}\" cy=\"{Y(p.Y, y0, y1)}\" r=\"4.5\" "
                    + $"fill=\"{Colors[0]}\" fill-opacity=\"0.75\"><title>{Escape(p.Tip)}</title></circle>"
            );
        return Close(svg);
    }

    private static StringBuilder Open(string kind, string title) =>
        new StringBuilder(
            $"<svg class=\"chart {kind}\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" "
                + $"role=\"img\"><title>{Escape(title)}</title>"
        ).Append($"<text x=\"{Left}\" y=\"13\" font-size=\"12\" font-weight=\"bold\">{Escape(title)}</text>");

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static string Empty(StringBuilder svg) =>
        Close(
            svg.Append(
                $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" fill=\"#888\">no data</text>"
            )
        );

    /// <summary>The plot frame, a grid line and label at each y tick, and the x ticks (none for bars).</summary>
    private static void Axes(StringBuilder svg, AxisScale? xAxis, AxisScale yAxis, string xLabel)
    {
        svg.Append(
            $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" "
                + $"fill=\"#fafafa\" stroke=\"#ccc\"/>"
        );
        foreach (var v in yAxis.Ticks)
        {
            var y = Y(v, yAxis.Low, yAxis.High);
            svg.Append($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#e4e4e4\"/>");
            svg.Append(
                $"<text class=\"tick y\" x=\"{Left - 4}\" y=\"{y}\" dy=\"3\" font-size=\"9\" "
                    + $"text-anchor=\"end\">{yAxis.Label(v)}</text>"
            );
        }
        foreach (var u in xAxis?.Ticks ?? [])
            svg.Append(
                $"<text class=\"tick x\" x=\"{X(u, xAxis!.Low, xAxis.High)}\" y=\"{Height - Bottom + 13}\" "
                    + $"font-size=\"9\" text-anchor=\"middle\">{xAxis.Label(u)}</text>"
            );
        if (xLabel.Length > 0)
            svg.Append(
                $"<text x=\"{Left + (Width - Left - Right) / 2}\" y=\"{Height - 6}\" font-size=\"10\" "
                    + $"text-anchor=\"middle\">{Escape(xLabel)}</text>"
            );
    }

    private static string X(double v, double x0, double x1) => N(Left + (v - x0) / (x1 - x0) * (Width - Left - Right));

    private static string Y(double v, double y0, double y1) =>
        N(Height - Bottom - (v - y0) / (y1 - y0) * (Height - Top - Bottom));

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Short(string label) => label.Length > 12 ? label[..11] + "…" : label;

    public static string Escape(string text) => WebUtility.HtmlEncode(text);
}
