using Mlops.Torch.Serialization;
using Mlops.Train.Config;
using Mlops.Train.Models;

namespace Mlops.Train.Training;

/// <summary>The network a `model:` section describes, with pretrained weights loaded and stages frozen.</summary>
public static class ModelBuilder
{
    public static ResNetDescription Describe(ModelConfig model) =>
        new(
            model.Arch.ToString().ToLowerInvariant(),
            model.NumClasses,
            model.InChannels,
            model.SmallStem,
            model.StemStride,
            model.TestTimeFlip,
            model.DeepStem
        );

    /// <summary>Builds the model; <paramref name="report"/> says what loading pretrained weights did (null without
    /// them).</summary>
    public static ResNet Build(ModelConfig config, out PretrainedLoadReport? report)
    {
        var model = ResNets.Create(Describe(config).Validate(), config.ZeroInitResidual);
        report = null;
        try
        {
            // A run's "last" checkpoint also holds its optimizer state (and train.ema's average): only the weights
            // fine-tune.
            if (config.Pretrained is { } path)
                report = PretrainedWeights.Load(model, Checkpoints.WeightsOnly(StateDictFile.Read(path)), path);
            if (config.Freeze.Count > 0)
                StageFreezing.Freeze(model, config.Freeze.Select(stage => stage.ToString().ToLowerInvariant()));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
