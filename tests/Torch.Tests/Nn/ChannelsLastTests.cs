using Mlops.Torch.Tests.Reference;

namespace Mlops.Torch.Tests.Nn;

public class ChannelsLastTests
{
    [Fact]
    public void A_channels_last_model_computes_what_the_default_layout_computes()
    {
        torch.manual_seed(5);
        using var reference = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding: 1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
            torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(8, 2));
        using var relaid = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding: 1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
            torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(8, 2));
        relaid.load_state_dict(reference.state_dict());
        var weight = relaid.named_parameters().First().parameter;

        relaid.to(torch.channels_last);

        weight.is_contiguous(torch.channels_last).Should().BeTrue();
        weight.is_contiguous().Should().BeFalse();
        relaid.named_parameters().First().parameter.Should().BeSameAs(weight, "the parameter keeps its identity");
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3, 6, 6);
        var expected = reference.forward(x);
        var actual = relaid.forward(x.contiguous(torch.channels_last));
        Close.Assert(actual.ToArray<float>(), expected.ToArray<float>().Select(v => (double)v).ToArray(), 1e-5, "logits");
        actual.sum().backward();
        weight.grad!.shape.Should().Equal(8, 3, 3, 3);
        Close.Assert(relaid.state_dict()["0.weight"].ToArray<float>(), reference.state_dict()["0.weight"].ToArray<float>().Select(v => (double)v).ToArray(),
            0, "state dicts read out in the standard layout");
    }
}
