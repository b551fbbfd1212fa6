using Mlops.Cli.Pipeline.Stages;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Config;

namespace Mlops.Cli.Pipeline;

/// <summary>The stages of `mlops pipeline run`, in order, for one pipeline config.</summary>
public static class PipelineDefinition
{
    /// <param name="loadTrainConfig">Loads the training config with the given overrides (a file, or the embedded quickstart text).</param>
    public static IReadOnlyList<PipelineStage> Stages(PipelineConfig config, Func<IReadOnlyList<string>, LoadedConfig<TrainConfig>> loadTrainConfig)
    {
        if (config.Deploy.Target != DeployTarget.Local)
            throw new MlopsException("the pipeline deploys to target local only so far; release to Cloud Run with `mlops release deploy` on the pushed image", "deploy.target");
        if (config.Image.Push is not null)
            throw new MlopsException("the pipeline writes the image as an OCI tarball only so far; push it with `mlops deploy build --model <name>@<alias> --push <registry>/<repository>`", "image.push");
        var stages = new List<PipelineStage>
        {
            new TrainStage(loadTrainConfig),
            new ExportStage(),
        };
        if (config.Quantize.Enabled) stages.Add(new QuantizeStage());
        stages.AddRange([
            new EvaluateStage(config.Quantize.Enabled ? QuantizeStage.StageName : ExportStage.StageName),
            new RegisterStage(),
            new BuildImageStage(),
            new DeployLocalStage(),
            new SmokeStage(),
        ]);
        return stages;
    }

    /// <summary>The training config named by train_config, relative to the pipeline config's folder.</summary>
    public static Func<IReadOnlyList<string>, LoadedConfig<TrainConfig>> TrainConfigFile(PipelineConfig config, string configFolder)
    {
        var path = Path.GetFullPath(Path.Combine(configFolder, config.TrainConfig));
        if (!File.Exists(path)) throw new MlopsException($"train_config '{config.TrainConfig}' does not exist", path);
        return overrides => TrainConfig.Load(path, overrides);
    }
}
