using System.Globalization;

namespace Mlops.Train.Reports;

/// <summary>
/// The range and ticks of one chart axis: ticks at round values (1, 2 or 5 times a power of ten), whole numbers when
/// every value is whole (steps, epochs), and no part below zero when no value is (a loss, an accuracy, a learning
/// rate). A log axis takes its values as log10 and ticks whole decades when it spans more than one.
/// </summary>
public sealed record AxisScale(double Low, double High, IReadOnlyList<double> Ticks, bool Log)
{
    private const int TargetIntervals = 4;

    public static AxisScale For(IEnumerable<double> values, bool log = false)
    {
        var list = values.Where(double.IsFinite).ToList();
        if (list.Count == 0)
            return new AxisScale(0, 1, [0, 1], log);
        bool whole = !log && list.All(v => v == Math.Floor(v));
        bool nonNegative = !log && list.All(v => v >= 0);
        double low = list.Min(),
            high = list.Max();
        if (high - low < 1e-12)
        {
            double half = whole ? 1 : 0.5 * Math.Max(Math.Abs(low), 1e-3);
            (low, high) = (low - half, high + half);
            if (nonNegative)
                low = Math.Max(low, 0);
        }
        double step = RoundStep((high - low) / TargetIntervals);
        if (whole || (log && high - low > 1))
            step = Math.Max(1, Math.Round(step));
        double first = Math.Floor(low / step + 1e-9) * step,
            last = Math.Ceiling(high / step - 1e-9) * step;
        var ticks = new List<double>();
        for (int k = 0; first + k * step <= last + step * 1e-9; k++)
            ticks.Add(Clean(first + k * step, step));
        return new AxisScale(first, last, ticks, log);
    }

    /// <summary>The tick's label: the value itself, or 10^value on a log axis.</summary>
    public string Label(double tick)
    {
        double v = Log ? Math.Pow(10, tick) : tick;
        return v.ToString(
            Math.Abs(v) >= 1e5 || (Math.Abs(v) < 1e-3 && v != 0) ? "G2" : "G4",
            CultureInfo.InvariantCulture
        );
    }

    /// <summary>1, 2 or 5 times a power of ten, the smallest not below <paramref name="raw"/>.</summary>
    private static double RoundStep(double raw)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / power;
        return (
                fraction <= 1 ? 1
                : fraction <= 2 ? 2
                : fraction <= 5 ? 5
                : 10
            ) * power;
    }

    /// <summary>A multiple of the step without the float noise of repeated addition (0.30000000000000004).</summary>
    private static double Clean(double value, double step)
    {
        int decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step)) + 1, 0, 15);
        double rounded = Math.Round(value, decimals);
        return rounded == 0 ? 0 : rounded; // no "-0"
    }
}
