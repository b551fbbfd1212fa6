using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Train.Models;

/// <summary>The two convolutions every block is made of (torchvision's conv3x3 / conv1x1), without bias.</summary>
public static class ResNetLayers
{
    public static Conv2d conv3x3(long in_planes, long out_planes, long stride = 1) =>
        nn.Conv2d(in_planes, out_planes, kernel_size: 3, stride: stride, padding: 1, bias: false);

    public static Conv2d conv1x1(long in_planes, long out_planes, long stride = 1) =>
        nn.Conv2d(in_planes, out_planes, kernel_size: 1, stride: stride, bias: false);
}
