using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Config;

namespace Mlops.Train.Sweeps;

/// <summary>
/// A loaded sweep file and the training config of every trial, each composed and validated before any
/// trial starts, so a typo in the last grid value is reported at once rather than an hour later.
/// </summary>
public sealed class SweepPlan
{
    private SweepPlan(string sweepFile, SweepConfig config, string basePath)
    {
        SweepFile = sweepFile;
        Config = config;
        BasePath = basePath;
    }

    public string SweepFile { get; }
    public SweepConfig Config { get; }
    public string BasePath { get; }

    public static SweepPlan Load(string sweepFile, IEnumerable<string>? overrides = null)
    {
        var config = ConfigLoader.Load<SweepConfig>(sweepFile, overrides).Value;
        var basePath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sweepFile))!, config.Base));
        if (!File.Exists(basePath))
            throw new MlopsException($"base config not found: {basePath}", $"{sweepFile} (base)");
        return new SweepPlan(sweepFile, config, basePath);
    }

    /// <summary>The command-line style overrides that turn the base config into trial <paramref
    /// name="index"/>.</summary>
    public IReadOnlyList<string> TrialOverrides(
        int index,
        IReadOnlyDictionary<string, string> parameters,
        int threads
    ) =>
        [
            .. Config.Overrides,
            .. parameters.Select(entry => $"{entry.Key}={entry.Value}"),
            $"name={TrialName(index)}",
            $"train.threads={threads}",
        ];

    public string TrialName(int index) => $"{Config.Name}-t{index + 1:D2}";

    /// <summary>Loads a trial's training config; problems name the sweep file and the trial.</summary>
    public LoadedConfig<TrainConfig> LoadTrial(int index, IReadOnlyDictionary<string, string> parameters, int threads)
    {
        LoadedConfig<TrainConfig> loaded;
        try
        {
            loaded = TrainConfig.Load(BasePath, TrialOverrides(index, parameters, threads));
        }
        catch (ConfigException error)
        {
            var values = string.Join(", ", parameters.Select(entry => $"{entry.Key}={entry.Value}"));
            throw new MlopsException(
                $"trial {index + 1} ({values}) has an invalid config: {error.Message}",
                $"{SweepFile} → {error.Where}",
                error
            );
        }
        if (
            Config.Metric.Name is SweepMetricName.ValAccuracy or SweepMetricName.ValLoss
            && loaded.Value.Data.ValFraction == 0
        )
            throw new MlopsException(
                $"metric {ConfigScalars.Format(Config.Metric.Name)} needs a validation split, but data.val_fraction "
                    + $"is 0 in the base config",
                $"{SweepFile} (metric.name)"
            );
        return loaded;
    }

    /// <summary>Threads per trial: the base config's (or all cores) split between the parallel trials.</summary>
    public int ThreadsPerTrial(int baseThreads) =>
        Math.Max(1, (baseThreads > 0 ? baseThreads : Environment.ProcessorCount) / Config.Parallel);
}
