using Mlops.Torch;
using Mlops.Train.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Mlops.Train.Tests.Models;

/// <summary>ResNet.TrainingScale: training shrinks the stem's output before layer1; evaluation is the full network.</summary>
public sealed class ProgressiveResizingTests
{
    private static readonly ResNetDescription FullResolution = new("resnet18", 10, 1, SmallStem: true, StemStride: 1);

    [Fact]
    public void Training_runs_the_stages_on_the_resized_stem_output_and_evaluation_ignores_the_scale()
    {
        using var model = ResNets.Create(FullResolution);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var images = ModelFiles.Input(4, 1, 28);
        model.eval();
        var full = model.forward(images).ToArray<float>();

        model.TrainingScale = 0.625;
        model
            .forward(images)
            .ToArray<float>()
            .Should()
            .Equal(full, "validation, checkpoints and export see the full network");

        // 28 x 0.625 = 17.5 px, rounded half away from zero to 18 (train-mode BatchNorm: batch statistics, the same both ways).
        model.train();
        var stem = model.relu.forward(model.bn1.forward(model.conv1.forward(images)));
        var stages = model.layer4.forward(
            model.layer3.forward(
                model.layer2.forward(
                    model.layer1.forward(
                        F.interpolate(stem, [18, 18], mode: InterpolationMode.Bilinear, align_corners: false)
                    )
                )
            )
        );
        var expected = model.fc.forward(model.avgpool.forward(stages).flatten(1)).ToArray<float>();

        model.forward(images).ToArray<float>().Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-5f);
        expected.Should().NotEqual(full);

        model.TrainingScale = 1;
        var unscaledStem = model.relu.forward(model.bn1.forward(model.conv1.forward(images)));
        var unscaled = model
            .fc.forward(
                model
                    .avgpool.forward(
                        model.layer4.forward(
                            model.layer3.forward(model.layer2.forward(model.layer1.forward(unscaledStem)))
                        )
                    )
                    .flatten(1)
            )
            .ToArray<float>();
        model
            .forward(images)
            .ToArray<float>()
            .Should()
            .Equal(unscaled, (a, b) => Math.Abs(a - b) <= 1e-5f, "scale 1 trains the plain network");
    }
}
