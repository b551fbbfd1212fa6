using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Train.Models;

/// <summary>Two 3x3 convolutions with a shortcut (ResNet-18/34), as torchvision's <c>BasicBlock</c>.</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    public const int expansion = 1;

    public BasicBlock(long inplanes, long planes, long stride = 1, Sequential? downsample = null)
        : base(nameof(BasicBlock))
    {
        conv1 = ResNetLayers.conv3x3(inplanes, planes, stride);
        bn1 = nn.BatchNorm2d(planes);
        relu = nn.ReLU(inplace: true);
        conv2 = ResNetLayers.conv3x3(planes, planes);
        bn2 = nn.BatchNorm2d(planes);
        this.downsample = downsample;
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("relu", relu);
        register_module("conv2", conv2);
        register_module("bn2", bn2);
        if (downsample is not null)
            register_module("downsample", downsample);
    }

    public Conv2d conv1 { get; }
    public BatchNorm2d bn1 { get; }
    public ReLU relu { get; }
    public Conv2d conv2 { get; }
    public BatchNorm2d bn2 { get; }
    public Sequential? downsample { get; }

    /// <summary>The last BatchNorm of the residual branch (zero-initialised with zero_init_residual).</summary>
    public BatchNorm2d LastNorm => bn2;

    public override Tensor forward(Tensor x)
    {
        var identity = downsample is null ? x : downsample.forward(x);
        var @out = relu.forward(bn1.forward(conv1.forward(x)));
        @out = bn2.forward(conv2.forward(@out));
        @out.add_(identity);
        return relu.forward(@out);
    }
}
