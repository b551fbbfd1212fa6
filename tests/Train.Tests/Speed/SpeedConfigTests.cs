using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Config;
using Mlops.Train.Models;
using Mlops.Train.Training;

namespace Mlops.Train.Tests.Speed;

/// <summary>The speed levers are explicit config keys, checked before any work and carried into the model's metadata.</summary>
public class SpeedConfigTests
{
    private const string Minimal = "name: t\nmodel:\n  arch: resnet18\n  small_stem: true\n";

    private static TrainConfig Load(string yaml, params string[] overrides) =>
        ConfigLoader.LoadText<TrainConfig>(yaml, "t.yaml", overrides).Value;

    private static ConfigError ErrorFor(string yaml, params string[] overrides)
    {
        var load = () => ConfigLoader.LoadText<TrainConfig>(yaml, "t.yaml", overrides);
        return load.Should().Throw<ConfigException>().Which.Errors.Should().ContainSingle().Subject;
    }

    [Fact]
    public void The_levers_default_to_pytorchs_plain_training()
    {
        var config = Load(Minimal);

        config.Model.StemStride.Should().Be(1);
        config.Train.ChannelsLast.Should().BeFalse();
        config.Train.Precision.Should().Be(Precision.Fp32);
        ComputeMode.From(config.Train).Should().Be(ComputeMode.Default);
    }

    [Fact]
    public void Stem_stride_channels_last_and_bf16_bind_from_yaml_and_overrides()
    {
        var config = Load(Minimal + "  stem_stride: 2\ntrain:\n  channels_last: true\n", "train.precision=bf16");

        config.Model.StemStride.Should().Be(2);
        ModelBuilder
            .Describe(config.Model)
            .Should()
            .Be(new ResNetDescription("resnet18", 10, 1, SmallStem: true, StemStride: 2));
        ComputeMode.From(config.Train).Should().Be(new ComputeMode(ChannelsLast: true, Bfloat16: true));
    }

    [Fact]
    public void Bad_lever_values_are_reported_at_their_key()
    {
        ErrorFor(Minimal, "model.stem_stride=3").KeyPath.Should().Be("model.stem_stride");
        var withoutSmallStem = ErrorFor("name: t\nmodel:\n  arch: resnet18\n  stem_stride: 2\n");
        withoutSmallStem.KeyPath.Should().Be("model.stem_stride");
        withoutSmallStem.Message.Should().Contain("small_stem");
        var precision = ErrorFor(Minimal, "train.precision=fp16");
        precision.KeyPath.Should().Be("train.precision");
        precision.Message.Should().Contain("fp32").And.Contain("bf16");
    }

    [Fact]
    public void Stem_stride_travels_in_the_weight_metadata_and_older_files_read_as_stride_1()
    {
        var description = new ResNetDescription("resnet18", 10, 1, SmallStem: true, StemStride: 2);
        var metadata = description.ToMetadata();

        metadata["stem_stride"].Should().Be("2");
        ResNetDescription.FromMetadata(metadata, "m.safetensors").Should().Be(description);
        metadata.Remove("stem_stride");
        ResNetDescription.FromMetadata(metadata, "m.safetensors").StemStride.Should().Be(1);
        metadata["stem_stride"] = "2";
        metadata["small_stem"] = "false";
        var read = () => ResNetDescription.FromMetadata(metadata, "m.safetensors");
        read.Should().Throw<MlopsException>().Which.Where.Should().Be("m.safetensors.stem_stride");
    }
}
