using Mlops.Cli.Pipeline.Stages;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Config;

namespace Mlops.Cli.Pipeline;

/// <summary>The stages of `mlops pipeline run`, in order, for one pipeline config.</summary>
public static class PipelineDefinition
{
    /// <param name="loadTrainConfig">Loads the training config with the given overrides (a file, or the embedded
    /// quickstart text).</param>
    public static IReadOnlyList<PipelineStage> Stages(
        PipelineConfig config,
        Func<IReadOnlyList<string>, LoadedConfig<TrainConfig>> loadTrainConfig
    )
    {
        var modelStage = config.Quantize.Enabled ? QuantizeStage.StageName : ExportStage.StageName;
        var stages = new List<PipelineStage> { new TrainStage(loadTrainConfig), new ExportStage() };
        if (config.Quantize.Enabled)
            stages.Add(new QuantizeStage());
        stages.AddRange([new EvaluateStage(modelStage), new RegisterStage(), new BuildImageStage()]);
        if (config.Image.Push is not null)
            stages.Add(new PushImageStage());
        stages.Add(config.Deploy.Target == DeployTarget.CloudRun ? new DeployCloudRunStage() : new DeployLocalStage());
        stages.Add(new SmokeStage(modelStage));
        return stages;
    }

    /// <summary>The training config named by train_config, relative to the pipeline config's folder.</summary>
    public static Func<IReadOnlyList<string>, LoadedConfig<TrainConfig>> TrainConfigFile(
        PipelineConfig config,
        string configFolder
    )
    {
        var path = Path.GetFullPath(Path.Combine(configFolder, config.TrainConfig));
        if (!File.Exists(path))
            throw new MlopsException($"train_config '{config.TrainConfig}' does not exist", path);
        return overrides => TrainConfig.Load(path, overrides);
    }
}
