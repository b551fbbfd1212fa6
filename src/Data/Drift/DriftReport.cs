using System.Globalization;
using System.Net;
using System.Text;

namespace Mlops.Data.Drift;

/// <summary>A self-contained HTML report: a verdict, a table of tests, and inline SVG plots (no scripts, no external
/// files).</summary>
public static class DriftReport
{
    private const int Bins = 24;

    public static string Html(DriftResult result, string referenceName, string currentName)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drift report</title><style>")
            .Append(
                "body{font-family:system-ui,sans-serif;margin:2rem;color:#1d232b}table{border-collapse:collapse}"
                    + "td,th{padding:.3rem .8rem;border-bottom:1px solid #dde}"
            )
            .Append(
                ".drift{color:#b3261e;font-weight:bold}.ok{color:#1e7b34}figure{display:inline-block;margin:1rem}"
                    + "</style></head><body>"
            );
        html.Append("<h1>Drift report</h1><p>Reference: ")
            .Append(Encode(referenceName))
            .Append(" (")
            .Append(result.ReferenceCount)
            .Append(" records) · current: ")
            .Append(Encode(currentName))
            .Append(" (")
            .Append(result.CurrentCount)
            .Append(" records)</p>");
        html.Append(
            result.Drifted ? "<p class=\"drift\">Drift detected.</p>" : "<p class=\"ok\">No drift detected.</p>"
        );
        html.Append("<table><tr><th>feature</th><th>KS D</th><th>p-value</th><th>PSI</th><th>verdict</th></tr>");
        foreach (var f in result.Features)
            html.Append("<tr><td>")
                .Append(Encode(f.Feature))
                .Append("</td><td>")
                .Append(F(f.KsStatistic))
                .Append("</td><td>")
                .Append(f.PValue.ToString("G3", CultureInfo.InvariantCulture))
                .Append("</td><td>")
                .Append(F(f.Psi))
                .Append("</td><td>")
                .Append(Verdict(f.Drifted))
                .Append("</td></tr>");
        html.Append("<tr><td>predicted class</td><td></td><td></td><td>")
            .Append(F(result.Predictions.Psi))
            .Append("</td><td>")
            .Append(Verdict(result.Predictions.Drifted))
            .Append("</td></tr></table>");
        html.Append("<h2>Input statistics</h2><p>Reference in grey, current in red.</p>");
        foreach (var f in result.Features)
            html.Append(Histogram(f));
        html.Append("<h2>Predicted classes</h2>").Append(ClassBars(result.Predictions));
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string Verdict(bool drifted) =>
        drifted ? "<span class=\"drift\">drift</span>" : "<span class=\"ok\">stable</span>";

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Both samples' densities over the same bins, as two overlaid step outlines.</summary>
    private static string Histogram(FeatureDrift feature)
    {
        const int width = 320,
            height = 160;
        var low = Math.Min(feature.Reference.Min(), feature.Current.Min());
        var high = Math.Max(feature.Reference.Max(), feature.Current.Max());
        if (high <= low)
            high = low + 1e-9;
        double[] Density(double[] values)
        {
            var counts = new double[Bins];
            foreach (var v in values)
                counts[Math.Min(Bins - 1, (int)((v - low) / (high - low) * Bins))]++;
            return counts.Select(c => c / values.Length).ToArray();
        }

        var r = Density(feature.Reference);
        var c = Density(feature.Current);
        var top = Math.Max(r.Max(), c.Max());
        string Bars(double[] density, string style) =>
            string.Concat(
                density.Select(
                    (p, i) =>
                    {
                        var h = p / top * (height - 20);
                        return $"<rect x=\"{F(i * (double)width / Bins)}\" y=\"{F(height - 15 - h)}\" "
                            + $"width=\"{F((double)width / Bins - 1)}\" height=\"{F(h)}\" {style}/>";
                    }
                )
            );
        return $"<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" "
            + $"role=\"img\" aria-label=\"{feature.Feature}\">"
            + Bars(r, "fill=\"#9aa3b2\" fill-opacity=\"0.7\"")
            + Bars(c, "fill=\"#d9534f\" fill-opacity=\"0.5\"")
            + $"<text x=\"0\" y=\"{height - 2}\" font-size=\"10\">{F(low)}</text><text x=\"{width - 40}\" "
            + $"y=\"{height - 2}\" font-size=\"10\">{F(high)}</text>"
            + $"</svg><figcaption>{Encode(feature.Feature)}: KS {F(feature.KsStatistic)}, PSI "
            + $"{F(feature.Psi)}</figcaption></figure>";
    }

    private static string ClassBars(PredictionDrift predictions)
    {
        var n = predictions.Labels.Count;
        const int row = 18,
            width = 420;
        double rTotal = Math.Max(1, predictions.ReferenceCounts.Sum()),
            cTotal = Math.Max(1, predictions.CurrentCounts.Sum());
        var svg = new StringBuilder(
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{n * row * 2 + 10}\" role=\"img\" "
                + $"aria-label=\"predicted classes\">"
        );
        for (var i = 0; i < n; i++)
        {
            var y = i * row * 2;
            svg.Append($"<text x=\"0\" y=\"{y + 13}\" font-size=\"11\">{Encode(predictions.Labels[i])}</text>")
                .Append(
                    $"<rect x=\"120\" y=\"{y + 2}\" width=\"{F(predictions.ReferenceCounts[i] / rTotal * 280)}\" "
                        + $"height=\"{row - 4}\" fill=\"#9aa3b2\"/>"
                )
                .Append(
                    $"<rect x=\"120\" y=\"{y + row}\" width=\"{F(predictions.CurrentCounts[i] / cTotal * 280)}\" "
                        + $"height=\"{row - 4}\" fill=\"#d9534f\"/>"
                );
        }

        return svg.Append("</svg>").ToString();
    }
}
