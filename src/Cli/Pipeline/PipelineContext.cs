using Mlops.Core.Config;
using Mlops.Core.Errors;

namespace Mlops.Cli.Pipeline;

/// <summary>What a running stage sees: the config, the folders it works in, and the records of the stages before
/// it.</summary>
public sealed class PipelineContext
{
    private readonly Dictionary<string, StageRecord> _finished = new(StringComparer.Ordinal);

    /// <param name="configFolder">The pipeline config's folder: the lock and the training config are found from
    /// it.</param>
    /// <param name="baseFolder">Where the command runs: relative paths of the config (registry, work_dir, image)
    /// resolve here, as in every other command.</param>
    public PipelineContext(PipelineConfig config, string configFolder, string baseFolder, TextWriter output)
    {
        Config = config;
        ConfigFolder = Path.GetFullPath(configFolder);
        BaseFolder = Path.GetFullPath(baseFolder);
        Output = output;
    }

    public PipelineConfig Config { get; }

    /// <summary>Where each pipeline config value was set, so data found unusable (evaluate.data) is reported at its
    /// line.</summary>
    public ConfigProvenance? Provenance { get; init; }

    public string ConfigFolder { get; }

    /// <summary>Relative paths in the config and in the lock's outputs are relative to this folder.</summary>
    public string BaseFolder { get; }

    public TextWriter Output { get; }

    /// <summary>Show progress bars (off in tests and when output is redirected).</summary>
    public bool ShowProgress { get; init; }

    public string WorkDir => Resolve(Config.WorkDir);

    /// <summary>Where local deployments are recorded (the user's state folder unless a test gives its own).</summary>
    public Deploy.Local.LocalDeploymentStore Deployments { get; init; } =
        new(Deploy.Local.LocalDeploymentStore.DefaultFolder());

    /// <summary>The registry URI with a relative file:// folder made absolute against the base folder.</summary>
    public string RegistryUri =>
        Config.Registry.StartsWith("file://", StringComparison.Ordinal)
            ? "file://" + Resolve(Config.Registry["file://".Length..])
            : Config.Registry;

    public string Resolve(string path) => Path.GetFullPath(Path.Combine(BaseFolder, path));

    public StageRecord Upstream(string stage) =>
        _finished.TryGetValue(stage, out var record)
            ? record
            : throw new MlopsException(
                $"stage '{stage}' has not run yet: run the pipeline without --only first",
                stage
            );

    public bool HasUpstream(string stage) => _finished.ContainsKey(stage);

    /// <summary>What the lock held for a stage before this run (e.g. the server an earlier run started).</summary>
    public StageRecord? PreviousRecord(string stage) => Lock?.Find(stage);

    internal PipelineLock? Lock { get; set; }

    internal void Finished(string stage, StageRecord record) => _finished[stage] = record;
}
