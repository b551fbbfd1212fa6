using Mlops.Core.Errors;
using Mlops.Torch.Modules;

namespace Mlops.Torch.Tests.Nn;

public class ModuleTests
{
    /// <summary>A block shaped like torchvision's BasicBlock, registered by field reflection.</summary>
    private sealed class Block : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1 = torch.nn.Conv2d(2, 2, 3, padding: 1, bias: false);
        private readonly BatchNorm2d bn1 = torch.nn.BatchNorm2d(2);
        private readonly Sequential downsample = torch.nn.Sequential(torch.nn.Conv2d(2, 2, 1, bias: false), torch.nn.BatchNorm2d(2));

        public Block() => RegisterComponents();

        public override Tensor forward(Tensor x) => (bn1.forward(conv1.forward(x)) + downsample.forward(x)).relu();
    }

    private sealed class Net : Module<Tensor, Tensor>
    {
        private readonly Conv2d stem = torch.nn.Conv2d(1, 2, 3, padding: 1);
        private readonly Sequential layer1 = torch.nn.Sequential(new Block(), new Block());
        private readonly Linear fc = torch.nn.Linear(2, 3);

        public Net() => RegisterComponents();

        public override Tensor forward(Tensor x) =>
            fc.forward(torch.nn.functional.adaptive_avg_pool2d(layer1.forward(stem.forward(x)), 1).flatten(1));
    }

    [Fact]
    public void Names_follow_pytorch_dotted_paths_in_registration_order()
    {
        using var net = new Net();

        net.named_parameters().Select(p => p.name).Should().Equal(
            "stem.weight", "stem.bias",
            "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias",
            "layer1.0.downsample.0.weight", "layer1.0.downsample.1.weight", "layer1.0.downsample.1.bias",
            "layer1.1.conv1.weight", "layer1.1.bn1.weight", "layer1.1.bn1.bias",
            "layer1.1.downsample.0.weight", "layer1.1.downsample.1.weight", "layer1.1.downsample.1.bias",
            "fc.weight", "fc.bias");
        net.named_buffers().Select(b => b.name).Take(3).Should().Equal(
            "layer1.0.bn1.running_mean", "layer1.0.bn1.running_var", "layer1.0.bn1.num_batches_tracked");
        net.state_dict().Keys.Take(8).Should().Equal(
            "stem.weight", "stem.bias", "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias",
            "layer1.0.bn1.running_mean", "layer1.0.bn1.running_var", "layer1.0.bn1.num_batches_tracked");
        net.named_modules().Select(m => m.name).Take(5).Should().Equal("", "stem", "layer1", "layer1.0", "layer1.0.conv1");
        net.named_children().Select(c => c.name).Should().Equal("stem", "layer1", "fc");
        net.get_submodule("layer1.1.downsample.0").Should().BeOfType<Conv2d>().Which.kernel_size.Should().Equal(1, 1);
    }

    [Fact]
    public void Modules_expose_their_hyper_parameters_and_default_init()
    {
        using var conv = torch.nn.Conv2d(4, 8, 3, stride: 2, padding: 1);
        conv.stride.Should().Equal(2, 2);
        conv.padding.Should().Equal(1, 1);
        conv.weight.shape.Should().Equal(8, 4, 3, 3);
        var bound = 1 / Math.Sqrt(4 * 9);
        conv.weight.abs().max().item<float>().Should().BeLessThanOrEqualTo((float)bound);
        conv.weight.std().item<float>().Should().BeApproximately((float)(bound / Math.Sqrt(3)), 0.03f);
        conv.weight.requires_grad.Should().BeTrue();

        using var bn = torch.nn.BatchNorm2d(8, eps: 1e-3, momentum: 0.01);
        bn.eps.Should().Be(1e-3);
        bn.momentum.Should().Be(0.01);
        bn.running_var!.ToArray<float>().Should().AllBeEquivalentTo(1f);
        bn.num_batches_tracked!.dtype.Should().Be(torch.int64);
    }

    [Fact]
    public void Batchnorm_counts_batches_and_uses_running_stats_in_eval()
    {
        using var bn = torch.nn.BatchNorm2d(2);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, 2, 3, 3) * 2 + 5;

        bn.forward(x);
        bn.forward(x);
        bn.num_batches_tracked!.item<long>().Should().Be(2);
        bn.running_mean!.mean().item<float>().Should().BeGreaterThan(0.5f, "two updates with momentum 0.1 move the mean towards 5");

        bn.eval();
        bn.training.Should().BeFalse();
        var before = bn.running_mean.clone();
        var y = bn.forward(x);
        bn.running_mean.allclose(before).Should().BeTrue("eval mode leaves the running statistics alone");
        bn.num_batches_tracked.item<long>().Should().Be(2);
        y.mean().item<float>().Should().BeGreaterThan(1f, "eval normalises with the running statistics, not the batch's");
    }

    [Fact]
    public void Train_eval_and_freezing_reach_the_whole_subtree()
    {
        using var net = new Net();
        net.eval();
        net.modules().Should().OnlyContain(m => !m.training);
        net.train();
        net.modules().Should().OnlyContain(m => m.training);

        net.get_submodule("layer1")!.requires_grad_(false);
        net.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name)
            .Should().Equal("stem.weight", "stem.bias", "fc.weight", "fc.bias");
    }

    /// <summary>Keeps its norm in eval mode whatever its parent asks, as a fine-tuning module overriding train() does.</summary>
    private sealed class FrozenNormBlock : Module<Tensor, Tensor>
    {
        private readonly BatchNorm2d norm = torch.nn.BatchNorm2d(2);

        public FrozenNormBlock() => RegisterComponents();

        public override Module train(bool mode = true)
        {
            base.train(mode);
            norm.eval();
            return this;
        }

        public override Tensor forward(Tensor x) => norm.forward(x);
    }

    [Fact]
    public void Train_reaches_descendants_through_their_own_train_override()
    {
        using var parent = torch.nn.Sequential(torch.nn.Conv2d(2, 2, 1), new FrozenNormBlock());

        parent.train();

        var (frozenName, frozen) = parent.named_modules().Single(m => m.name == "1.norm");
        frozen.training.Should().BeFalse(frozenName);
        parent.named_modules().Where(m => m.name != "1.norm").Should().OnlyContain(m => m.module.training);
    }

    [Fact]
    public void Gradients_flow_to_every_parameter_and_zero_grad_clears_them()
    {
        using var net = new Net();
        using var scope = torch.NewDisposeScope();
        var loss = torch.nn.functional.cross_entropy(net.forward(torch.randn(2, 1, 5, 5)), torch.tensor(new long[] { 0, 2 }));
        loss.backward();
        net.parameters().Should().OnlyContain(p => p.grad != null);
        net.zero_grad();
        net.parameters().Should().OnlyContain(p => p.grad == null);
    }

    [Fact]
    public void State_dict_round_trips_and_mismatches_are_reported_not_dropped()
    {
        using var source = new Net();
        using var target = new Net();
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(2, 1, 5, 5);
        source.eval();
        target.eval();

        var result = target.load_state_dict(source.state_dict());
        result.IsClean.Should().BeTrue();
        target.forward(input).allclose(source.forward(input)).Should().BeTrue();

        var foreign = new Dictionary<string, Tensor>(source.state_dict());
        foreign.Remove("stem.bias");
        foreign["fc.weight"] = torch.zeros(7, 2);
        foreign["head.weight"] = torch.zeros(1);

        var strict = () => target.load_state_dict(foreign);
        strict.Should().Throw<MlopsException>().Which.Message.Should()
            .Contain("missing keys: stem.bias").And.Contain("unexpected keys: head.weight").And.Contain("fc.weight (model [3, 2], given [7, 2])");

        var loose = target.load_state_dict(foreign, strict: false);
        loose.MissingKeys.Should().Equal("stem.bias");
        loose.UnexpectedKeys.Should().Equal("head.weight");
        loose.ShapeMismatches.Select(m => m.Key).Should().Equal("fc.weight");
    }

    [Fact]
    public void Disposing_a_module_frees_its_tensors()
    {
        using var scope = torch.NewDisposeScope();
        var net = new Net();
        var weight = net.named_parameters().First().parameter;
        net.Dispose();
        weight.IsDisposed.Should().BeTrue();
    }

    [Fact]
    public void Dropout_acts_only_in_training_and_layers_compose_in_a_sequential()
    {
        using var scope = torch.NewDisposeScope();
        using var net = torch.nn.Sequential(("pool", torch.nn.MaxPool2d(2)), ("flat", torch.nn.Flatten()), ("drop", torch.nn.Dropout(0.5)));
        var x = torch.ones(1, 1, 40, 40);

        net.named_children().Select(c => c.name).Should().Equal("pool", "flat", "drop");
        var trained = net.forward(x);
        trained.shape.Should().Equal(1, 400);
        var kept = trained.ne(0).sum().item<long>();
        kept.Should().BeInRange(120, 280, "about half the elements survive dropout in training");
        trained.max().item<float>().Should().Be(2, "survivors are scaled by 1/(1-p)");

        net.eval();
        net.forward(x).ToArray<float>().Should().AllBeEquivalentTo(1f);
    }

    [Fact]
    public void Optimizer_and_layer_argument_errors_name_the_problem()
    {
        using var p = new Parameter(torch.zeros(2).DetachFromDisposeScope());
        ((Action)(() => torch.optim.SGD([p], lr: 0.1, nesterov: true))).Should().Throw<ArgumentException>().WithMessage("*Nesterov*");
        ((Action)(() => torch.optim.AdamW([p], betas: (1.0, 0.999)))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*beta1*");
        ((Action)(() => torch.nn.Conv2d(3, 4, 3, groups: 2))).Should().Throw<ArgumentException>().WithMessage("*divisible by groups*");

        using var scope = torch.NewDisposeScope();
        using var optimizer = torch.optim.SGD([p], lr: 0.1);
        var wrongGrad = () => p.grad = torch.ones(3);
        wrongGrad.Should().Throw<TorchException>().WithMessage("*different size*");
        p.grad = torch.ones(2);
        optimizer.step();
        p.ToArray<float>().Should().Equal(-0.1f, -0.1f);
    }

    [Fact]
    public void Printing_a_module_shows_the_tree_as_pytorch_does()
    {
        using var net = torch.nn.Sequential(torch.nn.Conv2d(3, 64, 3, stride: 2, padding: 1, bias: false), torch.nn.BatchNorm2d(64),
            torch.nn.ReLU(inplace: true), torch.nn.MaxPool2d(3, 2, 1), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
            torch.nn.Dropout(0.2), torch.nn.Linear(64, 10));

        net.ToString().Should().Be("""
            Sequential(
              (0): Conv2d(3, 64, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
              (1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
              (2): ReLU(inplace=True)
              (3): MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)
              (4): AdaptiveAvgPool2d(output_size=(1, 1))
              (5): Flatten(start_dim=1, end_dim=-1)
              (6): Dropout(p=0.2, inplace=False)
              (7): Linear(in_features=64, out_features=10, bias=True)
            )
            """);
    }
}
