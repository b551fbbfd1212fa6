using Mlops.Core.Errors;
using Mlops.Export.Writer;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Export.Tests.Writer;

public sealed class ModuleGraphWriterTests
{
    [Fact]
    public void A_module_type_without_an_onnx_form_is_refused_by_path_and_type()
    {
        using var model = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("odd", new Odd()));
        var writer = new ModuleGraphWriter(new OnnxGraphBuilder(), foldBatchNorm: true);

        var act = () => writer.Write(model, "", "input");

        act.Should()
            .Throw<MlopsException>()
            .WithMessage("cannot export module 'odd' of type Odd*")
            .Where(e => e.Where == "odd");
    }

    [Fact]
    public void Sequential_children_become_a_chain_of_nodes_with_state_dict_initializer_names()
    {
        using var model = nn.Sequential(
            ("conv", nn.Conv2d(1, 2, 3, padding: 1)),
            ("bn", nn.BatchNorm2d(2)),
            ("relu", nn.ReLU()),
            ("flat", nn.Flatten())
        );
        var graph = new OnnxGraphBuilder();

        new ModuleGraphWriter(graph, foldBatchNorm: true).Write(model, "", "input");

        graph.Nodes.Select(n => n.OpType).Should().Equal("Conv", "Relu", "Flatten");
        graph.Initializers.Select(i => i.Name).Should().Equal("conv.weight", "conv.bias");
    }

    private sealed class Odd() : nn.Module<Tensor, Tensor>(nameof(Odd))
    {
        public override Tensor forward(Tensor input) => input;
    }
}
