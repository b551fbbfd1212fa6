using Mlops.Torch.Compute;
using Mlops.Torch.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Torch.Tests.Compute;

public class ChannelsLastTests
{
    private static nn.Module<Tensor, Tensor> Net() =>
        nn.Sequential(
            nn.Conv2d(3, 8, 3, padding: 1),
            nn.BatchNorm2d(8),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Linear(8, 2)
        );

    [Fact]
    public void A_channels_last_model_computes_what_the_default_layout_computes()
    {
        manual_seed(5);
        using var reference = Net();
        using var relaid = Net();
        relaid.load_state_dict(reference.state_dict());
        var weight = relaid.parameters().First();

        ChannelsLast.Apply(relaid);

        ChannelsLast.IsChannelsLast(weight).Should().BeTrue();
        weight.is_contiguous().Should().BeFalse();
        relaid.parameters().First().Should().BeSameAs(weight, "the parameter keeps its identity");
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 6, 6);
        var expected = reference.forward(x);
        var input = ChannelsLast.Of(x);
        ChannelsLast.IsChannelsLast(input).Should().BeTrue();
        var actual = relaid.forward(input);
        Close.Assert(
            actual.ToArray<float>(),
            expected.ToArray<float>().Select(v => (double)v).ToArray(),
            1e-5,
            "logits"
        );
        actual.sum().backward();
        weight.grad!.shape.Should().Equal(8, 3, 3, 3);
        Close.Assert(
            relaid.state_dict()["0.weight"].ToArray<float>(),
            reference.state_dict()["0.weight"].ToArray<float>().Select(v => (double)v).ToArray(),
            0,
            "weights read out in the standard layout"
        );
    }

    [Fact]
    public void One_channel_tensors_are_both_layouts_and_other_ranks_are_left_alone()
    {
        using var scope = NewDisposeScope();
        ChannelsLast.IsChannelsLast(zeros(4, 1, 3, 3)).Should().BeTrue();
        ChannelsLast.IsChannelsLast(zeros(4, 2, 3, 3)).Should().BeFalse();
        var flat = zeros(4, 2);
        ChannelsLast.Of(flat).Should().BeSameAs(flat);
    }
}
