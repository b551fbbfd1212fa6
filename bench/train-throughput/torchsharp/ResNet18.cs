using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Mlops.Bench.TrainThroughput.TorchSharp;

/// <summary>
/// torchvision's ResNet-18 written with TorchSharp modules, with torchvision's names (conv1, bn1, layer1.0.conv1, ...,
/// fc) and the stems pytorch_reference.py builds: ImageNet (7x7 stride 2 + max-pool) or small (3x3, stride 1 or 2,
/// no max-pool).
/// </summary>
internal sealed class ResNet18 : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly Module<Tensor, Tensor> relu = ReLU(inplace: true);
    private readonly Module<Tensor, Tensor> maxpool;
    private readonly Module<Tensor, Tensor> layer1, layer2, layer3, layer4;
    private readonly Module<Tensor, Tensor> avgpool = AdaptiveAvgPool2d(1);
    private readonly Module<Tensor, Tensor> fc;

    public ResNet18(int inChannels, int classes, bool smallStem, int stemStride) : base("ResNet")
    {
        conv1 = smallStem
            ? Conv2d(inChannels, 64, 3, stride: stemStride, padding: 1, bias: false)
            : Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        maxpool = smallStem ? Identity() : MaxPool2d(3, stride: 2, padding: 1);
        layer1 = Stage(64, 64, 1);
        layer2 = Stage(64, 128, 2);
        layer3 = Stage(128, 256, 2);
        layer4 = Stage(256, 512, 2);
        fc = Linear(512, classes);
        RegisterComponents();
        foreach (var (name, p) in named_parameters())
        {
            // torchvision's init: Kaiming normal (fan_out) for convolutions, BN weight 1 and bias 0.
            using var noGrad = no_grad();
            if (p.dim() == 4)
                init.kaiming_normal_(p, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
            else if (name.Contains("bn", StringComparison.Ordinal)
                     || name.Contains("downsample.1", StringComparison.Ordinal))
                _ = name.EndsWith(".weight", StringComparison.Ordinal) ? p.fill_(1) : p.zero_();
        }
    }

    private static Sequential Stage(int input, int output, int stride) =>
        Sequential(("0", new BasicBlock(input, output, stride)),
                   ("1", new BasicBlock(output, output, 1)));

    public override Tensor forward(Tensor x)
    {
        x = maxpool.call(relu.call(bn1.call(conv1.call(x))));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return fc.call(avgpool.call(x).flatten(1));
    }
}

/// <summary>torchvision's BasicBlock: two 3x3 convolutions, identity or 1x1 downsample, add and ReLU.</summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv1, bn1, conv2, bn2;
    private readonly Module<Tensor, Tensor> relu = ReLU(inplace: true);
    private readonly Module<Tensor, Tensor>? downsample;

    public BasicBlock(int input, int output, int stride) : base("BasicBlock")
    {
        conv1 = Conv2d(input, output, 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(output);
        conv2 = Conv2d(output, output, 3, stride: 1, padding: 1, bias: false);
        bn2 = BatchNorm2d(output);
        if (stride != 1 || input != output)
            downsample = Sequential(("0", Conv2d(input, output, 1, stride: stride, bias: false)),
                                    ("1", BatchNorm2d(output)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var output = relu.call(bn1.call(conv1.call(x)));
        output = bn2.call(conv2.call(output));
        output.add_(downsample is null ? x : downsample.call(x));
        return relu.call(output);
    }
}
