using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Train.Models;

/// <summary>
/// 1x1 reduce, 3x3 (carrying the stride, "ResNet v1.5"), 1x1 expand by 4, with a shortcut (ResNet-50),
/// as torchvision's <c>Bottleneck</c>.
/// </summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    public const int expansion = 4;

    public Bottleneck(long inplanes, long planes, long stride = 1, Sequential? downsample = null)
        : base(nameof(Bottleneck))
    {
        conv1 = ResNetLayers.conv1x1(inplanes, planes);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = ResNetLayers.conv3x3(planes, planes, stride);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = ResNetLayers.conv1x1(planes, planes * expansion);
        bn3 = nn.BatchNorm2d(planes * expansion);
        relu = nn.ReLU(inplace: true);
        this.downsample = downsample;
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("conv2", conv2);
        register_module("bn2", bn2);
        register_module("conv3", conv3);
        register_module("bn3", bn3);
        register_module("relu", relu);
        if (downsample is not null)
            register_module("downsample", downsample);
    }

    public Conv2d conv1 { get; }
    public BatchNorm2d bn1 { get; }
    public Conv2d conv2 { get; }
    public BatchNorm2d bn2 { get; }
    public Conv2d conv3 { get; }
    public BatchNorm2d bn3 { get; }
    public ReLU relu { get; }
    public Sequential? downsample { get; }

    public BatchNorm2d LastNorm => bn3;

    public override Tensor forward(Tensor x)
    {
        var identity = downsample is null ? x : downsample.forward(x);
        var @out = relu.forward(bn1.forward(conv1.forward(x)));
        @out = relu.forward(bn2.forward(conv2.forward(@out)));
        @out = bn3.forward(conv3.forward(@out));
        @out.add_(identity);
        return relu.forward(@out);
    }
}
