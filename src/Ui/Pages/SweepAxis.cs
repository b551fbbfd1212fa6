using System.Globalization;

namespace Mlops.Ui.Pages;

/// <summary>
/// One axis of a sweep's charts: a swept setting or a result, with each trial's value placed on 0..1. Numbers are
/// placed linearly, or by their logarithm when all are positive and span two decades or more (learning rates);
/// anything else is a category, spaced evenly in sorted order.
/// </summary>
internal sealed class SweepAxis
{
    private readonly Func<string?, double?> _place;

    private SweepAxis(string name, IReadOnlyList<string?> values, Func<string?, double?> place, string scale)
    {
        Name = name;
        Values = values;
        _place = place;
        Scale = scale;
    }

    public string Name { get; }
    public IReadOnlyList<string?> Values { get; }

    /// <summary>"linear", "log" or "category", for the axis label.</summary>
    public string Scale { get; }

    public bool IsNumeric => Scale != "category";

    public double? Place(int trial) => _place(Values[trial]);

    /// <param name="values">Each trial's value; null where a trial has none (still running, or without the
    /// key).</param>
    public static SweepAxis Of(string name, IReadOnlyList<string?> values)
    {
        var present = values.Where(value => value is not null).ToList();
        if (present.Count > 0 && present.All(value => Number(value) is not null))
        {
            var known = present.Select(value => Number(value)!.Value).ToList();
            var (min, max) = (known.Min(), known.Max());
            if (min > 0 && max / min >= 100)
                return new SweepAxis(
                    name,
                    values,
                    value => Number(value) is { } n ? Fraction(Math.Log10(n), Math.Log10(min), Math.Log10(max)) : null,
                    "log"
                );
            return new SweepAxis(
                name,
                values,
                value => Number(value) is { } n ? Fraction(n, min, max) : null,
                "linear"
            );
        }
        var categories = Categories(values);
        return new SweepAxis(
            name,
            values,
            value =>
                value is null ? null
                : categories.Count == 1 ? 0.5
                : (double)categories.IndexOf(value) / (categories.Count - 1),
            "category"
        );
    }

    public static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
        && double.IsFinite(number)
            ? number
            : null;

    /// <summary>The axis's smallest and largest value as text, for its ends.</summary>
    public (string Low, string High) Ends()
    {
        if (!IsNumeric)
        {
            var categories = Categories(Values);
            return (categories.FirstOrDefault() ?? "", categories.LastOrDefault() ?? "");
        }
        var numbers = Values.Select(Number).OfType<double>().ToList();
        return (Format(numbers.Min()), Format(numbers.Max()));
    }

    private static List<string> Categories(IEnumerable<string?> values) =>
        values.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static double Fraction(double value, double min, double max) =>
        max == min ? 0.5 : (value - min) / (max - min);
}
