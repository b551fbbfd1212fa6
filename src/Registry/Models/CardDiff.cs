namespace Mlops.Registry.Models;

/// <summary>Two cards side by side: every metric and config key, with the keys that differ marked.</summary>
public static class CardDiff
{
    public sealed record Row(string Section, string Key, string? Left, string? Right)
    {
        public bool Differs => Left != Right;
    }

    public static IReadOnlyList<Row> Compare(ModelCard left, ModelCard right)
    {
        var rows = new List<Row>();
        Add(
            rows,
            "metric",
            left.Metrics.ToDictionary(
                p => p.Key,
                p => p.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)
            ),
            right.Metrics.ToDictionary(
                p => p.Key,
                p => p.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)
            )
        );
        Add(rows, "config", left.Config, right.Config);
        Add(
            rows,
            "file",
            left.Files.ToDictionary(f => f.Name, f => f.Sha256[..12]),
            right.Files.ToDictionary(f => f.Name, f => f.Sha256[..12])
        );
        Add(rows, "lineage", Lineage(left), Lineage(right));
        return rows;
    }

    private static Dictionary<string, string> Lineage(ModelCard card)
    {
        var values = new Dictionary<string, string?>
        {
            ["run"] = card.Lineage.Run,
            ["gitCommit"] = card.Lineage.GitCommit,
            ["dataFingerprint"] = card.Lineage.DataFingerprint,
            ["parentVersion"] = card.Lineage.ParentVersion?.ToString(),
        };
        return values.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
    }

    private static void Add(
        List<Row> rows,
        string section,
        IReadOnlyDictionary<string, string> left,
        IReadOnlyDictionary<string, string> right
    )
    {
        foreach (var key in left.Keys.Union(right.Keys).Order(StringComparer.Ordinal))
            rows.Add(new Row(section, key, left.GetValueOrDefault(key), right.GetValueOrDefault(key)));
    }
}
