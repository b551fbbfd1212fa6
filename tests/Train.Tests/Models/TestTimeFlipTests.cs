using Mlops.Core.Config;
using Mlops.Torch;
using Mlops.Torch.Serialization;
using Mlops.Train.Config;
using Mlops.Train.Models;
using Mlops.Train.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Models;

/// <summary>model.test_time_flip: eval mode averages an image with its mirror; training is untouched.</summary>
public sealed class TestTimeFlipTests
{
    private static readonly ResNetDescription Plain = new("resnet18", 10, 1, SmallStem: true, StemStride: 2);

    [Fact]
    public void Eval_mode_averages_the_image_and_its_mirror_and_train_mode_is_unchanged()
    {
        using var flipping = ResNets.Create(Plain with { TestTimeFlip = true });
        using var plain = ResNets.Create(Plain);
        plain.load_state_dict(flipping.state_dict());
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var images = ModelFiles.Input(3, 1, 28);
        var mirrored = images.index_select(3, torch.arange(27, -1, -1));
        flipping.eval();
        plain.eval();

        var expected = plain.forward(images).add(plain.forward(mirrored)).mul(0.5).ToArray<float>();
        var averaged = flipping.forward(images).ToArray<float>();

        averaged.Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-5f);
        flipping.forward(mirrored).ToArray<float>().Should().Equal(averaged, (a, b) => Math.Abs(a - b) <= 1e-5f);
        plain.forward(images).ToArray<float>().Should().NotEqual(plain.forward(mirrored).ToArray<float>());

        // Train mode: the plain network, batch for batch (the BatchNorm statistics see the same images).
        flipping.train();
        plain.train();
        flipping.forward(images).ToArray<float>().Should().Equal(plain.forward(images).ToArray<float>());
    }

    [Fact]
    public void The_setting_travels_from_config_to_checkpoint_metadata_and_old_files_read_as_off()
    {
        var config = ConfigLoader
            .LoadText<TrainConfig>(
                """
                name: flip
                model: { arch: resnet18, small_stem: true, stem_stride: 2, test_time_flip: true }
                """,
                "flip.yaml"
            )
            .Value;
        var description = ModelBuilder.Describe(config.Model);

        description.TestTimeFlip.Should().BeTrue();
        var metadata = description.ToMetadata();
        metadata["test_time_flip"].Should().Be("true");
        ResNetDescription.FromMetadata(metadata, "file").Should().Be(description);
        metadata.Remove("test_time_flip");
        ResNetDescription
            .FromMetadata(metadata, "file")
            .TestTimeFlip.Should()
            .BeFalse("files written before the setting existed");
    }
}
