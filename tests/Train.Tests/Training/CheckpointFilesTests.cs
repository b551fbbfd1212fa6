using System.Text.Json.Nodes;
using Mlops.Torch.Serialization;
using Mlops.Train.Models;
using Mlops.Train.Tests.Config;
using Mlops.Train.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Training;

/// <summary>A checkpoint on disk: one safetensors file holding weights, optimizer state and its info, and a .json copy of the info beside it.</summary>
public sealed class CheckpointFilesTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void A_checkpoint_is_a_safetensors_file_carrying_its_info_with_a_json_copy_beside_it()
    {
        torch.manual_seed(1);
        using var model = ResNets.resnet18(num_classes: 10, in_channels: 1);
        using var optimizer = torch.optim.SGD(model.parameters(), 0.05, momentum: 0.9);
        var classes = Enumerable.Range(0, 10).Select(i => $"c{i}").ToList();
        var info = CheckpointInfo.Untrained("run-1", model.Description, 28, classes, [0.5f], [0.25f]) with
        {
            Epoch = 3,
            GlobalStep = 42,
        };
        var path = _scratch.File("last.safetensors");

        Checkpoints.Save(path, model, info, optimizer);

        var json = JsonNode.Parse(File.ReadAllText(_scratch.File("last.json")))!;
        ((string?)json["run"]).Should().Be("run-1");
        ((int)json["epoch"]!).Should().Be(3);
        ((long)json["global_step"]!).Should().Be(42);
        ((bool)json["has_optimizer_state"]!).Should().BeTrue();
        Checkpoints
            .ReadInfo(StateDictFile.Read(path), path)
            .Should()
            .BeEquivalentTo(info with { HasOptimizerState = true });
        Directory
            .GetFiles(_scratch.Path)
            .Select(Path.GetFileName)
            .Should()
            .BeEquivalentTo(["last.safetensors", "last.json"], "nothing temporary is left");
    }
}
