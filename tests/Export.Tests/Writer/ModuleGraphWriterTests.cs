using Mlops.Core.Errors;
using Mlops.Export.Writer;
using Mlops.Torch.Modules;

namespace Mlops.Export.Tests.Writer;

public sealed class ModuleGraphWriterTests
{
    [Fact]
    public void A_module_type_without_an_onnx_form_is_refused_by_path_and_type()
    {
        using var model = new Sequential(("conv", Mlops.Torch.torch.nn.Conv2d(1, 2, 3)), ("odd", new Odd()));
        var writer = new ModuleGraphWriter(new OnnxGraphBuilder(), foldBatchNorm: true);

        var act = () => writer.Write(model, "", "input");

        act.Should().Throw<MlopsException>().WithMessage("cannot export module 'odd' of type Odd*").Where(e => e.Where == "odd");
    }

    [Fact]
    public void Sequential_children_become_a_chain_of_nodes_with_state_dict_initializer_names()
    {
        using var model = new Sequential(
            ("conv", Mlops.Torch.torch.nn.Conv2d(1, 2, 3, padding: 1)), ("bn", Mlops.Torch.torch.nn.BatchNorm2d(2)),
            ("relu", Mlops.Torch.torch.nn.ReLU()), ("flat", new Flatten()));
        var graph = new OnnxGraphBuilder();

        new ModuleGraphWriter(graph, foldBatchNorm: true).Write(model, "", "input");

        graph.Nodes.Select(n => n.OpType).Should().Equal("Conv", "Relu", "Flatten");
        graph.Initializers.Select(i => i.Name).Should().Equal("conv.weight", "conv.bias");
    }

    private sealed class Odd : Module<Mlops.Torch.Tensor, Mlops.Torch.Tensor>
    {
        public override Mlops.Torch.Tensor forward(Mlops.Torch.Tensor input) => input;
    }
}
