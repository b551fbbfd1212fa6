using Mlops.Core.Errors;
using Mlops.Torch.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Torch.Tests.Serialization;

public sealed class ModuleWeightsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Saved_weights_load_into_a_fresh_module_with_their_metadata()
    {
        var path = _folder.File("net.safetensors");
        using var source = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm2d(2));
        source.SaveSafetensors(path, new Dictionary<string, string> { ["epoch"] = "4" });
        using var target = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm2d(2));

        var result = target.LoadWeights(path);

        result.IsClean.Should().BeTrue();
        target
            .state_dict()["0.weight"]
            .ToArray<float>()
            .Should()
            .Equal(source.state_dict()["0.weight"].ToArray<float>());
        StateDictFile
            .Read(path)
            .Keys.Should()
            .Equal(
                "0.weight",
                "0.bias",
                "1.weight",
                "1.bias",
                "1.running_mean",
                "1.running_var",
                "1.num_batches_tracked"
            );
        StateDictFile.Read(path).Metadata["epoch"].Should().Be("4");
    }

    [Fact]
    public void Strict_loading_of_a_file_for_another_module_names_the_file_and_copies_nothing()
    {
        var path = _folder.File("other.safetensors");
        using var source = torch.nn.Linear(4, 2);
        source.SaveSafetensors(path);
        using var target = torch.nn.Linear(3, 2);
        var before = target.weight.ToArray<float>();

        var act = () => target.LoadWeights(path);

        act.Should().Throw<MlopsException>().Where(e => e.Where == path && e.Message.Contains("weight"));
        target.weight.ToArray<float>().Should().Equal(before);
    }
}
