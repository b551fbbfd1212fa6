using Mlops.Core.Config;
using Mlops.Train.Config;
using Mlops.Train.Models;
using Mlops.Train.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Training;

public sealed class WeightDecayGroupTests
{
    private static OptimConfig Optim(string name, bool decayNormAndBias) =>
        ConfigLoader
            .LoadText<TrainConfig>(
                "name: t\nmodel:\n  arch: resnet18\n",
                "t.yaml",
                [
                    $"optim.name={name}",
                    "optim.weight_decay=0.0005",
                    $"optim.decay_norm_and_bias={(decayNormAndBias ? "true" : "false")}",
                ]
            )
            .Value.Optim;

    [Theory]
    [InlineData("sgd")]
    [InlineData("adamw")]
    public void Norms_and_biases_can_be_left_out_of_the_weight_decay(string optimizer)
    {
        using var model = ResNets.resnet18(num_classes: 10, in_channels: 1, small_stem: true);
        StageFreezing.Freeze(model, ["stem"]);
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();

        using var built = OptimizerBuilder.Build(model, Optim(optimizer, decayNormAndBias: false));

        var decays = DecayByName(built, model);
        decays.Keys.Should().BeEquivalentTo(trainable, "every trainable parameter is in one group or the other");
        decays["layer1.0.conv1.weight"].Should().Be(0.0005);
        decays["fc.weight"].Should().Be(0.0005);
        decays["layer1.0.bn1.weight"].Should().Be(0);
        decays["layer4.1.bn2.bias"].Should().Be(0);
        decays["fc.bias"].Should().Be(0);
        var normsAndBiases = trainable
            .Where(n => n.EndsWith(".bias") || n.Contains(".bn") || n.Contains(".downsample.1."))
            .ToList();
        decays.Where(d => d.Value == 0).Select(d => d.Key).Should().BeEquivalentTo(normsAndBiases);
    }

    [Fact]
    public void By_default_every_parameter_is_decayed_as_in_torch()
    {
        using var model = ResNets.resnet18(num_classes: 10, in_channels: 1, small_stem: true);

        using var built = OptimizerBuilder.Build(model, Optim("sgd", decayNormAndBias: true));

        DecayByName(built, model).Values.Should().AllBeEquivalentTo(0.0005);
    }

    /// <summary>Each parameter's weight decay, from the group the optimizer holds it in.</summary>
    private static Dictionary<string, double> DecayByName(optim.Optimizer optimizer, ResNet model)
    {
        var names = model.named_parameters().ToDictionary(p => p.parameter.Handle, p => p.name);
        return optimizer
            .ParamGroups.Cast<TorchSharp.Modules.ParamGroup>()
            .SelectMany(g => g.Parameters.Select(p => (names[p.Handle], Decay(g.Options))))
            .ToDictionary();
    }

    private static double Decay(TorchSharp.Modules.OptimizerOptions options) =>
        options switch
        {
            TorchSharp.Modules.SGD.Options sgd => sgd.weight_decay!.Value,
            TorchSharp.Modules.AdamW.Options adamw => adamw.weight_decay!.Value,
            _ => throw new InvalidOperationException(options.GetType().Name),
        };
}
