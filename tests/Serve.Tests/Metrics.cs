using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.Serve.Tests;

/// <summary>Reads Prometheus text: one sample's value, the families' types, a histogram's bucket bounds.</summary>
internal static class Metrics
{
    public static double Value(string text, string series)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        if (!match.Success)
            throw new KeyNotFoundException($"series {series} not in /metrics:\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Every family's name and type, from its "# TYPE name type" line.</summary>
    public static Dictionary<string, string> Types(string text) =>
        Regex
            .Matches(text, "^# TYPE (\\S+) (\\S+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    /// <summary>The le="…" values of one histogram series, in the order they are written.</summary>
    public static IReadOnlyList<string> Buckets(string text, string histogram, string labels) =>
        Regex
            .Matches(
                text,
                "^" + Regex.Escape(histogram + "_bucket{" + labels + ",le=\"") + "([^\"]+)\"} \\S+$",
                RegexOptions.Multiline
            )
            .Select(m => m.Groups[1].Value)
            .ToList();
}
