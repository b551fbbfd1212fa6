using System.Globalization;
using System.Text.Json.Nodes;
using Mlops.Core.Config;
using Mlops.Train.Config;

namespace Mlops.Train.Runs;

/// <summary>A file of a run folder, relative to it.</summary>
public sealed record RunFile(string Path, long Bytes);

/// <summary>What `mlops runs show` prints: the run's record, its main settings, metrics, evaluation and
/// files.</summary>
public sealed record RunDetails(
    RunSummary Summary,
    RunInfo Info,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    string? ConfigProblem,
    JsonObject? Evaluation,
    IReadOnlyList<RunFile> Files
)
{
    public static RunDetails Of(RunFolder run)
    {
        var (settings, problem) = ReadSettings(run.ConfigPath);
        var files = Directory
            .EnumerateFiles(run.Path, "*", SearchOption.AllDirectories)
            .Select(path => new RunFile(System.IO.Path.GetRelativePath(run.Path, path), new FileInfo(path).Length))
            .OrderBy(file => file.Path, StringComparer.Ordinal)
            .ToList();
        return new RunDetails(
            RunCatalog.Summarize(run.Path),
            run.Info,
            settings,
            problem,
            RunCatalog.ReadEvaluation(run.EvaluationPath),
            files
        );
    }

    /// <summary>The settings people compare runs by, read back from the run's config.yaml.</summary>
    private static (IReadOnlyList<KeyValuePair<string, string>> Settings, string? Problem) ReadSettings(
        string configPath
    )
    {
        TrainConfig config;
        try
        {
            config = ConfigLoader.Load<TrainConfig>(configPath).Value;
        }
        catch (ConfigException error)
        {
            return ([], $"{error.Where}: {error.Message}");
        }
        string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["model"] =
                $"{ConfigScalars.Format(config.Model.Arch)}{StemOf(config.Model)}, {config.Model.NumClasses} classes",
            ["data"] =
                ConfigScalars.Format(config.Data.Dataset)
                + (config.Data.Subset is { } subset ? $" (subset {subset})" : ""),
            ["optim"] =
                $"{ConfigScalars.Format(config.Optim.Name)} lr={Number(config.Optim.Lr)} "
                + $"wd={Number(config.Optim.WeightDecay)}",
            ["schedule"] =
                ConfigScalars.Format(config.Schedule.Name)
                + (config.Schedule.WarmupEpochs > 0 ? $" warm-up {config.Schedule.WarmupEpochs}" : ""),
            ["train"] =
                $"{config.Train.Epochs} epochs, batch {config.Train.BatchSize}, seed "
                + $"{config.Seed}{ResizingOf(config.Train.ProgressiveResizing)}",
        };
        return (settings.ToList(), null);
    }

    private static string StemOf(ModelConfig model) =>
        !model.SmallStem ? ""
        : model.StemStride == 1 ? " (small stem)"
        : $" (small stem, stride {model.StemStride})";

    private static string ResizingOf(ProgressiveResizingConfig resizing) =>
        !resizing.Enabled
            ? ""
            : FormattableString.Invariant(
                $", progressive resizing from {resizing.MinScale:0.###} (full size from epoch {resizing.EndEpoch})"
            );
}
