using Mlops.Core.Config;
using Mlops.Train.Config;
using Mlops.Train.Training;

namespace Mlops.Train.Tests.Training;

/// <summary>Small but real training runs on Fashion-MNIST: the ImageNet stem (cheap at 28x28) on a few hundred images.</summary>
internal static class TinyRuns
{
    public static string Yaml(string runsDir, string extra = "") =>
        $$"""
            name: tiny
            seed: 7
            model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
            data: { subset: 384, test_subset: 256, val_fraction: 0.02, augment: { random_crop_padding: 2, horizontal_flip: true } }
            optim: { name: sgd, lr: 0.02, momentum: 0.9, nesterov: true, weight_decay: 0.0005 }
            schedule: { name: cosine, warmup_epochs: 1 }
            train: { epochs: 3, batch_size: 64, threads: 2, label_smoothing: 0.1, log_every_steps: 2, eval_batch_size: 256 }
            output: { runs_dir: '{{runsDir}}' }
            {{extra}}
            """;

    public static TrainRequest Request(string runsDir, IEnumerable<string>? overrides = null, string extra = "")
    {
        var loaded = ConfigLoader.LoadText<TrainConfig>(Yaml(runsDir, extra), "tiny.yaml", overrides);
        return new TrainRequest
        {
            Config = loaded.Value,
            Provenance = loaded.Provenance,
            ResolvedYaml = loaded.ToYaml(withSources: false),
            Output = TextWriter.Null,
            ShowProgress = false,
        };
    }
}
