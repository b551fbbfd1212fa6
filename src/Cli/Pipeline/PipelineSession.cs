using Mlops.Core.Config;
using Mlops.Train.Config;

namespace Mlops.Cli.Pipeline;

/// <summary>One `pipeline run` (or quickstart): the stages of the config, the lock next to it, and the
/// runner.</summary>
public static class PipelineSession
{
    public static async Task<IReadOnlyList<StageOutcome>> RunAsync(
        PipelineConfig config,
        string configFolder,
        string baseFolder,
        Func<IReadOnlyList<string>, LoadedConfig<TrainConfig>> loadTrainConfig,
        RunOptions options,
        TextWriter output,
        bool showProgress,
        CancellationToken cancellation,
        ConfigProvenance? provenance = null
    )
    {
        var context = new PipelineContext(config, configFolder, baseFolder, output)
        {
            ShowProgress = showProgress,
            Provenance = provenance,
        };
        var lockFile = PipelineLock.Load(Path.Combine(context.ConfigFolder, PipelineLock.FileName));
        var runner = new PipelineRunner(PipelineDefinition.Stages(config, loadTrainConfig), lockFile, context);
        return await runner.RunAsync(options, cancellation);
    }
}
