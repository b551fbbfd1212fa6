using Mlops.Core.Errors;
using Mlops.Torch;
using Mlops.Torch.Serialization;
using Mlops.Train.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Models;

public sealed class PretrainedWeightsTests : IDisposable
{
    private readonly ModelFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string SaveSource(ResNet source, string name)
    {
        var path = _files.File(name);
        source.SaveSafetensors(path, source.Description.ToMetadata());
        return path;
    }

    [Fact]
    public void Another_number_of_classes_keeps_a_fresh_head_and_reports_the_mismatched_keys()
    {
        using var source = ResNets.resnet18(num_classes: 10, in_channels: 1, small_stem: true);
        var path = SaveSource(source, "ten.safetensors");
        using var target = ResNets.resnet18(num_classes: 4, in_channels: 1, small_stem: true);
        var freshHead = ModelFiles.Values(target, "fc.weight");

        var report = PretrainedWeights.Load(target, path);

        report.HeadReplaced.Should().BeTrue();
        report.ShapeMismatches.Select(m => m.Key).Should().Equal("fc.weight", "fc.bias");
        report.ShapeMismatches[0].Expected.Should().Equal(4, 512);
        report.ShapeMismatches[0].Actual.Should().Equal(10, 512);
        report.MissingKeys.Should().BeEmpty();
        report.UnexpectedKeys.Should().BeEmpty();
        report.LoadedCount.Should().Be(target.state_dict().Count - 2);
        report.ToString().Should().Contain("classifier head kept freshly initialised");
        ModelFiles
            .Values(target, "layer4.1.conv2.weight")
            .Should()
            .Equal(ModelFiles.Values(source, "layer4.1.conv2.weight"));
        ModelFiles.Values(target, "fc.weight").Should().Equal(freshHead);
    }

    [Fact]
    public void Same_architecture_loads_every_tensor()
    {
        using var source = ResNets.resnet18(num_classes: 3);
        var path = SaveSource(source, "same.safetensors");
        using var target = ResNets.resnet18(num_classes: 3);

        var report = PretrainedWeights.Load(target, path);

        report.IsComplete.Should().BeTrue();
        report.HeadReplaced.Should().BeFalse();
        report.LoadedCount.Should().Be(source.state_dict().Count);
        ModelFiles.Values(target, "fc.weight").Should().Equal(ModelFiles.Values(source, "fc.weight"));
    }

    [Fact]
    public void A_backbone_that_does_not_fit_is_an_error_naming_the_file_and_keys()
    {
        using var source = ResNets.resnet18(num_classes: 10, small_stem: true);
        var path = SaveSource(source, "small.safetensors");
        using var target = ResNets.resnet18(num_classes: 10);
        var before = ModelFiles.Values(target, "layer1.0.conv1.weight");

        var act = () => PretrainedWeights.Load(target, path);

        act.Should()
            .Throw<MlopsException>()
            .Where(e =>
                e.Where == path
                && e.Message.Contains("do not fit resnet18")
                && e.Message.Contains("conv1.weight (model [64, 3, 7, 7], file [64, 3, 3, 3])")
            );
        ModelFiles
            .Values(target, "layer1.0.conv1.weight")
            .Should()
            .Equal(before, "nothing is copied when the load is refused");
    }

    [Fact]
    public void Allow_partial_loads_what_fits_and_reports_the_rest()
    {
        using var source = ResNets.resnet18(num_classes: 10, small_stem: true);
        var path = SaveSource(source, "small.safetensors");
        using var target = ResNets.resnet18(num_classes: 10);

        var report = PretrainedWeights.Load(target, path, allowPartial: true);

        report.ShapeMismatches.Select(m => m.Key).Should().Equal("conv1.weight");
        report.HeadReplaced.Should().BeFalse();
        ModelFiles
            .Values(target, "layer1.0.conv1.weight")
            .Should()
            .Equal(ModelFiles.Values(source, "layer1.0.conv1.weight"));
    }

    [Fact]
    public void A_deeper_network_is_refused()
    {
        using var source = ResNets.resnet34(num_classes: 10);
        var path = SaveSource(source, "deeper.safetensors");
        using var target = ResNets.resnet18(num_classes: 10);

        var act = () => PretrainedWeights.Load(target, path);

        act.Should().Throw<MlopsException>().WithMessage("*layer1.2.conv1.weight (not in the model)*");
    }

    [Fact]
    public void Colour_weights_fit_a_grey_model_by_summing_the_stem_filters()
    {
        using var colour = ResNets.resnet18(num_classes: 10, small_stem: true);
        var path = SaveSource(colour, "rgb.safetensors");
        using var grey = ResNets.resnet18(num_classes: 10, in_channels: 1, small_stem: true);

        var report = PretrainedWeights.Load(grey, path);

        report.AdaptedKeys.Should().Equal("conv1.weight adapted from 3 to 1 input channels");
        report.IsComplete.Should().BeTrue();
        colour.eval();
        grey.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var image = ModelFiles.Input(2, 1, 16);
        var colourLogits = colour.forward(image.expand([2, 3, 16, 16]).contiguous()).ToArray<float>();
        var greyLogits = grey.forward(image).ToArray<float>();
        greyLogits.Zip(colourLogits, (g, c) => Math.Abs(g - c)).Max().Should().BeLessThan(1e-4f);
    }

    [Fact]
    public void More_channels_repeat_the_stem_filters_scaled_by_three_over_channels()
    {
        using var colour = ResNets.resnet18(num_classes: 10);
        var path = SaveSource(colour, "rgb.safetensors");
        using var fourChannels = ResNets.resnet18(num_classes: 10, in_channels: 4);

        PretrainedWeights.Load(fourChannels, path).AdaptedKeys.Should().ContainSingle();

        var source = ModelFiles.Values(colour, "conv1.weight");
        var adapted = ModelFiles.Values(fourChannels, "conv1.weight");
        const int kernel = 49;
        adapted[3 * kernel + 5]
            .Should()
            .BeApproximately(source[0 * kernel + 5] * 3 / 4f, 1e-7f, "channel 3 repeats channel 0");
        adapted[(4 + 1) * kernel]
            .Should()
            .BeApproximately(source[(3 + 1) * kernel] * 3 / 4f, 1e-7f, "filter 1, channel 1");
    }
}
