using Mlops.Core.Errors;
using Mlops.Torch;
using Mlops.Torch.Serialization;
using Mlops.Train.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Models;

public sealed class ResNetStructureTests : IDisposable
{
    private readonly ModelFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("resnet18", 11_689_512)]
    [InlineData("resnet34", 21_797_672)]
    [InlineData("resnet50", 25_557_032)]
    public void Parameter_counts_are_torchvisions_for_1000_classes(string arch, long expected)
    {
        using var model = ResNets.Create(new ResNetDescription(arch, 1000));

        model.parameters().Sum(p => p.numel()).Should().Be(expected);
    }

    [Fact]
    public void Small_stem_keeps_full_resolution_into_layer1()
    {
        using var model = ResNets.resnet18(num_classes: 10, in_channels: 1, small_stem: true);
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = ModelFiles.Input(2, 1, 28);

        var stem = model.maxpool.forward(model.relu.forward(model.bn1.forward(model.conv1.forward(input))));

        stem.shape.Should().Equal(2, 64, 28, 28);
        model.forward(input).shape.Should().Equal(2, 10);
    }

    [Fact]
    public void Weights_saved_with_their_description_rebuild_the_same_network()
    {
        using var original = ResNets.resnet18(num_classes: 6, in_channels: 1, small_stem: true);
        var path = _files.File("model.safetensors");
        original.SaveSafetensors(path, original.Description.ToMetadata());

        var file = StateDictFile.Read(path);
        using var rebuilt = ResNets.Create(ResNetDescription.FromMetadata(file.Metadata, path));
        rebuilt.LoadWeights(path).IsClean.Should().BeTrue();

        rebuilt.Description.Should().Be(original.Description);
        original.eval();
        rebuilt.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = ModelFiles.Input(2, 1, 28);
        rebuilt.forward(input).ToArray<float>().Should().Equal(original.forward(input).ToArray<float>());
    }

    [Fact]
    public void Metadata_without_a_description_is_an_error_naming_the_file()
    {
        var act = () =>
            ResNetDescription.FromMetadata(new Dictionary<string, string> { ["arch"] = "resnet18" }, "w.safetensors");

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Message.Contains("no 'num_classes'") && e.Where == "w.safetensors");
    }

    [Theory]
    [InlineData("resnet101", 10, 3, "model.arch")]
    [InlineData("resnet18", 0, 3, "model.num_classes")]
    [InlineData("resnet18", 10, 0, "model.in_channels")]
    public void Invalid_descriptions_name_the_field(string arch, int classes, int channels, string where)
    {
        var act = () => ResNets.Create(new ResNetDescription(arch, classes, channels));

        act.Should().Throw<MlopsException>().Where(e => e.Where == where);
    }
}
