using Mlops.Core.Config;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Torch.Serialization;
using Mlops.Train.Config;
using Mlops.Train.Models;
using Mlops.Train.Runs;
using Mlops.Train.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Cli.Tests.Runs;

/// <summary>
/// A fine-tuned run (model.pretrained) resumes from its own last checkpoint, which holds every weight: the pretrained
/// file it started from may since have been moved or deleted, or the resume started from another folder.
/// </summary>
public sealed class ResumeFineTunedRunTests
{
    [Fact]
    public void A_fine_tuned_run_resumes_without_the_pretrained_file_it_started_from()
    {
        using var folder = new TempDirectory("mlops-resume-fine-tuned-test");
        var weights = folder.Combine("start.safetensors");
        using (var start = ResNets.resnet18(num_classes: 10, in_channels: 1))
            start.SaveSafetensors(weights, start.Description.ToMetadata());
        var loaded = ConfigLoader.LoadText<TrainConfig>(
            $$"""
            name: tuned
            seed: 0
            model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false, pretrained: '{{weights}}', freeze: [stem] }
            data: { subset: 128, val_fraction: 0.01, test_subset: 64 }
            optim: { name: sgd, lr: 0.05, momentum: 0.9 }
            train: { epochs: 2, batch_size: 64, threads: 2 }
            output: { runs_dir: '{{folder.Combine("runs")}}' }
            """,
            "tuned.yaml"
        );
        var stopped = Trainer.Run(
            new TrainRequest
            {
                Config = loaded.Value,
                ResolvedYaml = loaded.ToYaml(),
                Output = TextWriter.Null,
                ShowProgress = false,
                ContinueAfterEpoch = _ => false,
            }
        );
        File.Delete(weights);

        var result = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), "train", "--resume", stopped.RunPath],
            timeout: TimeSpan.FromSeconds(300)
        );

        result.ExitCode.Should().Be(0, result.Output + result.Error);
        result.Output.Should().Contain("resuming " + stopped.RunName + " after epoch 1");
        var run = RunFolder.Open(stopped.RunPath);
        run.Info.Status.Should().Be(RunStatus.Completed);
        run.Metrics.ReadEpochs().Select(e => e.Epoch).Should().Equal(1, 2);
        File.ReadAllText(run.ConfigPath).Should().Contain(weights, "config.yaml still says what the run started from");
    }
}
