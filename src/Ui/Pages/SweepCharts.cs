using System.Globalization;
using System.Text;

namespace Mlops.Ui.Pages;

/// <summary>
/// A sweep's pictures as inline SVG: parallel coordinates (one line per trial across every swept setting and the
/// results, coloured from the worst to the best objective, the best drawn thick) and a scatter of the objective
/// against each numeric setting.
/// </summary>
internal static class SweepCharts
{
    private const int Top = 30;
    private const int Height = 220;

    public static string ParallelCoordinates(
        IReadOnlyList<string> trials,
        IReadOnlyList<SweepAxis> axes,
        SweepAxis objective,
        int best
    )
    {
        var width = Math.Max(480, 150 * axes.Count);
        var gap = axes.Count == 1 ? 0 : (width - 120.0) / (axes.Count - 1);
        double X(int axis) => 60 + gap * axis;
        double Y(double fraction) => Top + Height * (1 - fraction);
        var svg = new StringBuilder(
            Invariant($"<svg class=\"sweep\" width=\"{width}\" height=\"{Height + Top + 40}\" role=\"img\" ")
                + "aria-label=\"parallel coordinates of the sweep's trials\">"
        );
        for (var axis = 0; axis < axes.Count; axis++)
        {
            var (low, high) = axes[axis].Ends();
            svg.Append(
                    Invariant($"<line x1=\"{X(axis):F1}\" y1=\"{Top}\" x2=\"{X(axis):F1}\" ")
                        + Invariant($"y2=\"{Top + Height}\" stroke=\"#999\"/>")
                )
                .Append(Text(X(axis), Top - 16, axes[axis].Name, "middle", bold: true))
                .Append(Text(X(axis), Top - 4, $"{high}", "middle"))
                .Append(Text(X(axis), Top + Height + 14, $"{low}", "middle"))
                .Append(Text(X(axis), Top + Height + 28, axes[axis].Scale, "middle"));
        }
        foreach (var trial in Enumerable.Range(0, trials.Count).OrderBy(trial => trial == best))
        {
            var points = Enumerable
                .Range(0, axes.Count)
                .Where(axis => axes[axis].Place(trial) is not null)
                .Select(axis => Invariant($"{X(axis):F1},{Y(axes[axis].Place(trial)!.Value):F1}"));
            svg.Append(
                    $"<polyline fill=\"none\" stroke=\"{Colour(objective.Place(trial))}\" "
                        + Invariant($"stroke-width=\"{(trial == best ? 3.5 : 1.5)}\" ")
                )
                .Append(
                    $"points=\"{string.Join(' ', points)}\">"
                        + $"<title>{ConsolePage.Escape(trials[trial])}</title></polyline>"
                );
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The objective (y) against one numeric setting (x), a dot per trial.</summary>
    public static string Scatter(IReadOnlyList<string> trials, SweepAxis setting, SweepAxis objective, int best)
    {
        const int size = 200;
        var svg = new StringBuilder(
            Invariant($"<svg class=\"sweep\" width=\"{size + 70}\" height=\"{size + 60}\" role=\"img\" ")
                + $"aria-label=\"{ConsolePage.Escape(objective.Name)} against {ConsolePage.Escape(setting.Name)}\">"
        );
        svg.Append(
            Invariant($"<rect x=\"50\" y=\"10\" width=\"{size}\" height=\"{size}\" fill=\"none\" stroke=\"#ccc\"/>")
        );
        var (xLow, xHigh) = setting.Ends();
        var (yLow, yHigh) = objective.Ends();
        svg.Append(Text(50, size + 24, xLow, "start"))
            .Append(Text(50 + size, size + 24, xHigh, "end"))
            .Append(Text(50 + size / 2.0, size + 40, $"{setting.Name} ({setting.Scale})", "middle", bold: true))
            .Append(Text(46, 20, yHigh, "end"))
            .Append(Text(46, size + 10, yLow, "end"))
            .Append(Text(10, 10 + size / 2.0, objective.Name, "start", bold: true, vertical: true));
        for (var trial = 0; trial < trials.Count; trial++)
        {
            if (setting.Place(trial) is not { } x || objective.Place(trial) is not { } y)
                continue;
            svg.Append(
                Invariant($"<circle cx=\"{50 + size * x:F1}\" cy=\"{10 + size * (1 - y):F1}\" ")
                    + Invariant($"r=\"{(trial == best ? 6 : 4)}\" fill=\"{Colour(y)}\">")
                    + $"<title>{ConsolePage.Escape(DotLabel(trials[trial], setting, objective, trial))}"
                    + "</title></circle>"
            );
        }
        return svg.Append("</svg>").ToString();
    }

    private static string DotLabel(string trial, SweepAxis setting, SweepAxis objective, int index) =>
        $"{trial}: {setting.Values[index]}, {objective.Values[index]}";

    /// <summary>Red for the worst objective through to blue for the best; grey when a trial has none.</summary>
    private static string Colour(double? goodness) =>
        goodness is not { } g
            ? "#bbb"
            : Invariant($"rgb({(int)(215 - 170 * g)},{(int)(70 + 50 * g)},{(int)(60 + 150 * g)})");

    private static string Text(
        double x,
        double y,
        string text,
        string anchor,
        bool bold = false,
        bool vertical = false
    ) =>
        Invariant($"<text x=\"{x:F1}\" y=\"{y:F1}\" font-size=\"11\" text-anchor=\"{anchor}\"")
        + (bold ? " font-weight=\"bold\"" : "")
        + (vertical ? Invariant($" transform=\"rotate(-90 {x:F1} {y:F1})\"") : "")
        + $">{ConsolePage.Escape(text)}</text>";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
