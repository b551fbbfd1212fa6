using Mlops.Core.Errors;
using Mlops.Train.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Models;

public sealed class StageFreezingTests
{
    [Fact]
    public void Frozen_stages_stop_requiring_gradients_and_others_keep_them()
    {
        using var model = ResNets.resnet18(num_classes: 10, in_channels: 1, small_stem: true);

        StageFreezing.Freeze(model, ["stem", "layer1"]);

        foreach (var (name, parameter) in model.named_parameters())
        {
            var frozen = name.StartsWith("conv1.") || name.StartsWith("bn1.") || name.StartsWith("layer1.");
            parameter.requires_grad.Should().Be(!frozen, name);
        }
        model.FrozenStages.Should().BeEquivalentTo(["stem", "layer1"]);
    }

    [Fact]
    public void Training_leaves_frozen_batchnorm_statistics_and_weights_untouched()
    {
        using var model = ResNets.resnet18(num_classes: 10, in_channels: 1, small_stem: true);
        StageFreezing.Freeze(model, ["stem", "layer1"]);
        var frozenMean = ModelFiles.Values(model, "layer1.1.bn2.running_mean");
        var stemVar = ModelFiles.Values(model, "bn1.running_var");
        var trainedMean = ModelFiles.Values(model, "layer2.0.bn1.running_mean");
        model.train();

        using (var scope = torch.NewDisposeScope())
        {
            var loss = model.forward(ModelFiles.Input(4, 1, 16)).sum();
            loss.backward();
        }

        model.training.Should().BeTrue();
        ModelFiles.Values(model, "layer1.1.bn2.running_mean").Should().Equal(frozenMean);
        ModelFiles.Values(model, "bn1.running_var").Should().Equal(stemVar);
        model.state_dict()["layer1.1.bn2.num_batches_tracked"].item<long>().Should().Be(0);
        ModelFiles.Values(model, "layer2.0.bn1.running_mean").Should().NotEqual(trainedMean);
        model.layer1.parameters().Should().OnlyContain(p => ReferenceEquals(p.grad, null));
        model.layer2.parameters().Should().OnlyContain(p => !ReferenceEquals(p.grad, null));
    }

    [Fact]
    public void Frozen_batchnorms_stay_in_eval_mode_through_train_and_eval_cycles()
    {
        using var model = ResNets.resnet18(num_classes: 10, in_channels: 1, small_stem: true);
        StageFreezing.Freeze(model, ["layer1"]);

        model.eval();
        model.train();

        var norms = model.named_modules().Where(m => m.module is BatchNorm2d).ToList();
        norms.Where(m => m.name.StartsWith("layer1.")).Should().NotBeEmpty().And.OnlyContain(m => !m.module.training);
        norms.Where(m => !m.name.StartsWith("layer1.")).Should().NotBeEmpty().And.OnlyContain(m => m.module.training);
    }

    [Fact]
    public void An_unknown_stage_is_named_with_the_config_key()
    {
        using var model = ResNets.resnet18(num_classes: 10);

        var act = () => StageFreezing.Freeze(model, ["layer5"], "train.freeze");

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Message.Contains("unknown stage 'layer5'") && e.Where == "train.freeze");
    }
}
