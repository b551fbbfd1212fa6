using Mlops.Train.Models;
using Mlops.Train.Tests.Config;
using Mlops.Train.Tests.Models;
using Mlops.Train.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Training;

/// <summary>
/// model.pretrained naming a run's own "last" checkpoint, which also holds the optimizer state and train.ema's average
/// next to the network's weights.
/// </summary>
public sealed class FineTuneFromCheckpointTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void A_runs_last_checkpoint_fine_tunes_from_its_weights_without_its_optimizer_state_or_average()
    {
        torch.manual_seed(5);
        using var trained = ResNets.resnet18(num_classes: 10, in_channels: 1);
        using var average = ResNets.resnet18(num_classes: 10, in_channels: 1);
        using var optimizer = torch.optim.SGD(trained.parameters(), 0.05, momentum: 0.9);
        var images = Enumerable.Range(0, 4 * 28 * 28).Select(i => MathF.Sin(i * 0.37f)).ToArray();
        TrainingStep.Run(trained, optimizer, images, [4, 1, 28, 28], [0, 1, 2, 3], 0.0); // momentum buffers exist
        var last = _scratch.File("last.safetensors");
        var classes = Enumerable.Range(0, 10).Select(i => $"c{i}").ToList();
        Checkpoints.Save(
            last,
            trained,
            CheckpointInfo.Untrained("r", trained.Description, 28, classes, [0.5f], [0.5f]),
            optimizer,
            average
        );

        var config = TinyRuns
            .Request(_scratch.File("runs"), [$"model.pretrained={last}", "model.num_classes=4"])
            .Config.Model;
        using var tuned = ModelBuilder.Build(config, out var report);

        ModelFiles
            .Values(tuned, "layer4.1.conv2.weight")
            .Should()
            .Equal(ModelFiles.Values(trained, "layer4.1.conv2.weight"));
        ModelFiles.Values(tuned, "bn1.running_mean").Should().Equal(ModelFiles.Values(trained, "bn1.running_mean"));
        report!.HeadReplaced.Should().BeTrue();
        report
            .UnexpectedKeys.Should()
            .BeEmpty("the optimizer state and the average are the checkpoint's, not the network's: " + report);
    }
}
