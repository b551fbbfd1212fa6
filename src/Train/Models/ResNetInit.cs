using Mlops.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Train.Models;

/// <summary>torchvision's ResNet initialisation: He-normal (fan_out) convolutions, BatchNorm 1/0, Linear left at its
/// default.</summary>
internal static class ResNetInit
{
    public static void Apply(ResNet model, bool zeroInitResidual)
    {
        foreach (var (_, module) in ModuleTree.NamedModules(model))
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(
                        conv.weight,
                        mode: nn.init.FanInOut.FanOut,
                        nonlinearity: nn.init.NonlinearityType.ReLU
                    );
                    break;
                case BatchNorm2d norm when norm.weight is not null && norm.bias is not null:
                    nn.init.ones_(norm.weight);
                    nn.init.zeros_(norm.bias);
                    break;
            }
        }
        if (!zeroInitResidual)
            return;
        // Each residual branch starts as zero, so every block starts as the identity (Goyal et al., 2017).
        foreach (var module in model.modules())
        {
            if (module is BasicBlock basic)
                nn.init.zeros_(basic.LastNorm.weight!);
            else if (module is Bottleneck bottleneck)
                nn.init.zeros_(bottleneck.LastNorm.weight!);
        }
    }
}
