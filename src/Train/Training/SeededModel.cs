using Mlops.Train.Config;
using Mlops.Train.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Training;

/// <summary>The network a run starts from: initialised from the config's seed, pretrained weights loaded, stages
/// frozen.</summary>
internal sealed record SeededModel(ResNet Model, PretrainedLoadReport? Pretrained)
{
    private static readonly object InitLock = new();

    public static SeededModel Build(TrainConfig config)
    {
        // libtorch's default generator is process-wide: seeding and initialising under one lock keeps the
        // initial weights a function of the seed alone, even with other trainers (a parallel sweep) in the process.
        lock (InitLock)
        {
            torch.manual_seed(config.Seed);
            var model = ModelBuilder.Build(config.Model, out var pretrained);
            return new SeededModel(model, pretrained);
        }
    }
}
