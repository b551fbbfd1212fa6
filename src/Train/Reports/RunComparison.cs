using System.Globalization;
using Mlops.Core.Config;
using Mlops.Train.Runs;

namespace Mlops.Train.Reports;

/// <summary>A config key whose value differs between the compared runs (null: the run does not set it).</summary>
public sealed record ConfigDifference(string Key, IReadOnlyList<string?> Values);

/// <summary>A final metric of each compared run (null: the run has none).</summary>
public sealed record MetricRow(string Metric, IReadOnlyList<double?> Values);

/// <summary>What `mlops runs compare` shows: only the config keys that differ, and the final metrics side by
/// side.</summary>
public sealed record RunComparison(
    IReadOnlyList<string> Runs,
    IReadOnlyList<string?> Statuses,
    IReadOnlyList<ConfigDifference> Differences,
    IReadOnlyList<MetricRow> Metrics
)
{
    public static RunComparison Of(IReadOnlyList<RunFolder> runs)
    {
        var configs = runs.Select(run => FlatConfig.Read(run.ConfigPath)).ToList();
        var keys = configs.SelectMany(config => config.Keys).Distinct(StringComparer.Ordinal).ToList();
        var differences = keys.Select(key => new ConfigDifference(
                key,
                configs.Select(config => config.GetValueOrDefault(key)).ToList()
            ))
            .Where(row => row.Values.Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        var summaries = runs.Select(run => RunCatalog.Summarize(run.Path)).ToList();
        var evaluations = runs.Select(run => RunCatalog.ReadEvaluation(run.EvaluationPath)).ToList();
        var lastEpochs = runs.Select(run => run.Metrics.ReadEpochs().LastOrDefault()).ToList();
        MetricRow Row(string name, Func<int, double?> value) =>
            new(name, Enumerable.Range(0, runs.Count).Select(value).ToList());
        var metrics = new List<MetricRow>
        {
            Row("epochs", i => summaries[i].Epochs),
            Row("train_loss", i => lastEpochs[i]?.TrainLoss),
            Row("train_accuracy", i => lastEpochs[i]?.TrainAccuracy),
            Row("val_loss", i => lastEpochs[i]?.ValLoss),
            Row("best_val_accuracy", i => summaries[i].BestValAccuracy),
            Row("test_loss", i =>
                RunCatalog.IsOnTestSplit(evaluations[i]) ? evaluations[i]?["loss"]?.GetValue<double>() : null
            ),
            Row("test_accuracy", i => summaries[i].TestAccuracy),
            Row("seconds", i => runs[i].Metrics.ReadEpochs().Sum(epoch => epoch.Seconds) is var s && s > 0 ? s : null),
        };
        return new RunComparison(
            runs.Select(run => run.Name).ToList(),
            runs.Select(run => run.Info.Status.ToString().ToLowerInvariant()).ToList<string?>(),
            differences,
            metrics.Where(row => row.Values.Any(value => value is not null)).ToList()
        );
    }

    public static string Format(double? value) => value?.ToString("G5", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>A run's config.yaml as dotted keys → values (lists written inline).</summary>
public static class FlatConfig
{
    public static IReadOnlyDictionary<string, string?> Read(string path)
    {
        var flat = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (File.Exists(path))
            Flatten(YamlConfigReader.ReadFile(path), "", flat);
        return flat;
    }

    /// <summary>The same from YAML text (a config.yaml read from a bucket); <paramref name="name"/> names it in
    /// errors.</summary>
    public static IReadOnlyDictionary<string, string?> Parse(string yaml, string name)
    {
        var flat = new Dictionary<string, string?>(StringComparer.Ordinal);
        Flatten(YamlConfigReader.ReadDocument(yaml, name), "", flat);
        return flat;
    }

    private static void Flatten(ConfigNode node, string prefix, Dictionary<string, string?> flat)
    {
        switch (node)
        {
            case ConfigMapping mapping when mapping.Entries.Count > 0:
                foreach (var entry in mapping.Entries)
                    Flatten(entry.Value, prefix.Length == 0 ? entry.Key : $"{prefix}.{entry.Key}", flat);
                break;
            case ConfigMapping:
                flat[prefix] = "{}";
                break;
            case ConfigSequence sequence:
                flat[prefix] = "[" + string.Join(", ", sequence.Items.Select(Inline)) + "]";
                break;
            case ConfigScalar scalar:
                flat[prefix] = scalar.Value;
                break;
        }
    }

    private static string Inline(ConfigNode node) =>
        node switch
        {
            ConfigScalar scalar => scalar.Value ?? "null",
            ConfigSequence sequence => "[" + string.Join(", ", sequence.Items.Select(Inline)) + "]",
            ConfigMapping mapping => "{"
                + string.Join(", ", mapping.Entries.Select(entry => $"{entry.Key}: {Inline(entry.Value)}"))
                + "}",
            _ => "?",
        };
}
