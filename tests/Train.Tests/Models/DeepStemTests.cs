using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Torch;
using Mlops.Train.Config;
using Mlops.Train.Models;
using Mlops.Train.Training;

namespace Mlops.Train.Tests.Models;

/// <summary>model.deep_stem: a full-resolution conv-BN-ReLU before the small stem (the forward itself is proven against
/// torchvision with the same extra module in ResNetParityTests).</summary>
public sealed class DeepStemTests
{
    private const string Minimal = "name: t\nmodel:\n  arch: resnet18\n  small_stem: true\n  stem_stride: 2\n";

    [Fact]
    public void The_stem_comes_first_at_full_resolution_and_feeds_conv1()
    {
        using var model = ResNets.Create(
            new ResNetDescription("resnet18", 10, 1, SmallStem: true, StemStride: 2, DeepStem: true)
        );
        using var plain = ResNets.Create(new ResNetDescription("resnet18", 10, 1, SmallStem: true, StemStride: 2));

        var state = ModuleTree.StateDict(model).ToDictionary();
        state
            .Keys.Take(6)
            .Should()
            .Equal(
                "stem.0.weight",
                "stem.1.weight",
                "stem.1.bias",
                "stem.1.running_mean",
                "stem.1.running_var",
                "stem.1.num_batches_tracked"
            );
        state["stem.0.weight"].shape.Should().Equal(32, 1, 3, 3);
        state["conv1.weight"].shape.Should().Equal(64, 32, 3, 3);
        state.Keys.Skip(6).Should().Equal(ModuleTree.StateDict(plain).Select(e => e.Key));
        model.conv1.stride.Should().Equal(2, 2);
    }

    [Fact]
    public void Binds_from_yaml_into_the_description_and_the_weight_metadata_older_files_read_as_off()
    {
        var config = ConfigLoader.LoadText<TrainConfig>(Minimal, "t.yaml", ["model.deep_stem=true"]).Value;
        var description = ModelBuilder.Describe(config.Model);

        description.DeepStem.Should().BeTrue();
        var metadata = description.ToMetadata();
        metadata["deep_stem"].Should().Be("true");
        ResNetDescription.FromMetadata(metadata, "m.safetensors").Should().Be(description);
        metadata.Remove("deep_stem");
        ResNetDescription.FromMetadata(metadata, "m.safetensors").DeepStem.Should().BeFalse();
        metadata["deep_stem"] = "yes";
        var read = () => ResNetDescription.FromMetadata(metadata, "m.safetensors");
        read.Should().Throw<MlopsException>().WithMessage("*deep_stem*yes*");
    }

    [Theory]
    [InlineData("name: t\nmodel:\n  arch: resnet18\n  deep_stem: true\n", "small_stem")]
    [InlineData(Minimal + "  deep_stem: true\n  pretrained: missing.pth\n", "pretrained")]
    public void Is_refused_at_its_key_without_the_small_stem_or_with_pretrained_weights(string yaml, string why)
    {
        var load = () => ConfigLoader.LoadText<TrainConfig>(yaml, "t.yaml", []);

        var errors = load.Should().Throw<ConfigException>().Which.Errors;
        errors.Should().Contain(e => e.KeyPath == "model.deep_stem" && e.Message.Contains(why));
    }

    [Fact]
    public void Freezing_the_stem_freezes_the_deep_stem_too()
    {
        using var model = ResNets.Create(
            new ResNetDescription("resnet18", 10, 1, SmallStem: true, StemStride: 2, DeepStem: true)
        );

        StageFreezing.Freeze(model, ["stem"]);

        foreach (var (name, parameter) in model.named_parameters())
            parameter
                .requires_grad.Should()
                .Be(!(name.StartsWith("stem.") || name.StartsWith("conv1.") || name.StartsWith("bn1.")), name);
    }
}
