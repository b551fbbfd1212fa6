using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.Serve.Tests;

/// <summary>Reads one sample value out of Prometheus text.</summary>
internal static class Metrics
{
    public static double Value(string text, string series)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        if (!match.Success) throw new KeyNotFoundException($"series {series} not in /metrics:\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
