using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Train.Models;

/// <summary>Which residual block a ResNet is built from.</summary>
public enum ResNetBlock
{
    Basic,
    Bottleneck,
}

/// <summary>
/// torchvision's ResNet: stem (conv1, bn1, relu, maxpool), four stages of residual blocks built by
/// <c>_make_layer</c>, global average pooling and a linear head. State-dict names are torchvision's
/// ("layer2.0.downsample.0.weight"), so its weights load as they are. With a small stem, conv1 is a
/// 3x3 convolution (stride 1, or 2 to halve the resolution into layer1) and there is no max-pool (for 28-32 px images);
/// a deep stem puts a full-resolution conv-BN-ReLU (<c>stem</c>) before it.
/// With <see cref="ResNetDescription.TestTimeFlip"/>, eval mode averages the logits of each image and its mirror.
/// </summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    private readonly ResNetBlock _block;
    private long _inplanes = 64;

    public ResNet(ResNetBlock block, int[] layers, ResNetDescription description, bool zero_init_residual = false)
        : base(nameof(ResNet))
    {
        if (layers.Length != 4)
            throw new ArgumentException("a ResNet has four stages", nameof(layers));
        Description = description.Validate();
        _block = block;
        stem = Description.DeepStem
            ? nn.Sequential(
                nn.Conv2d(
                    Description.InChannels,
                    ResNetDescription.DeepStemWidth,
                    kernel_size: 3,
                    stride: 1,
                    padding: 1,
                    bias: false
                ),
                nn.BatchNorm2d(ResNetDescription.DeepStemWidth),
                nn.ReLU(inplace: true)
            )
            : null;
        long stemChannels = Description.DeepStem ? ResNetDescription.DeepStemWidth : Description.InChannels;
        conv1 = Description.SmallStem
            ? nn.Conv2d(
                stemChannels,
                _inplanes,
                kernel_size: 3,
                stride: Description.StemStride,
                padding: 1,
                bias: false
            )
            : nn.Conv2d(Description.InChannels, _inplanes, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(_inplanes);
        relu = nn.ReLU(inplace: true);
        maxpool = Description.SmallStem ? nn.Identity() : nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        layer1 = _make_layer(64, layers[0]);
        layer2 = _make_layer(128, layers[1], stride: 2);
        layer3 = _make_layer(256, layers[2], stride: 2);
        layer4 = _make_layer(512, layers[3], stride: 2);
        avgpool = nn.AdaptiveAvgPool2d(1);
        fc = nn.Linear(512 * Expansion, Description.NumClasses);

        // Registered first so the state dict and the exported graph list it in the order forward runs it.
        if (stem is not null)
            register_module("stem", stem);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("relu", relu);
        register_module("maxpool", maxpool);
        register_module("layer1", layer1);
        register_module("layer2", layer2);
        register_module("layer3", layer3);
        register_module("layer4", layer4);
        register_module("avgpool", avgpool);
        register_module("fc", fc);
        ResNetInit.Apply(this, zero_init_residual);
    }

    public ResNetDescription Description { get; }

    /// <summary>The deep stem (conv, BatchNorm, ReLU at full resolution), or null without one.</summary>
    public Sequential? stem { get; }
    public Conv2d conv1 { get; }
    public BatchNorm2d bn1 { get; }
    public ReLU relu { get; }
    public nn.Module<Tensor, Tensor> maxpool { get; }
    public Sequential layer1 { get; }
    public Sequential layer2 { get; }
    public Sequential layer3 { get; }
    public Sequential layer4 { get; }
    public AdaptiveAvgPool2d avgpool { get; }
    public Linear fc { get; }

    /// <summary>
    /// Progressive resizing (train.progressive_resizing): below 1, training-mode forward shrinks the stem's output to
    /// this fraction of its height and width (bilinear) before layer1, so every stage runs on a smaller map. Evaluation
    /// ignores it: validation, checkpoints and the exported graph are always the full network.
    /// </summary>
    public double TrainingScale { get; set; } = 1.0;

    /// <summary>Stages whose parameters are frozen; their BatchNorms stay in eval mode (see <see
    /// cref="StageFreezing"/>).</summary>
    public IReadOnlyCollection<string> FrozenStages => _frozen.Keys;

    private readonly Dictionary<string, BatchNorm2d[]> _frozen = new(StringComparer.Ordinal);

    private int Expansion => _block == ResNetBlock.Basic ? BasicBlock.expansion : Bottleneck.expansion;

    private Sequential _make_layer(long planes, int blocks, long stride = 1)
    {
        Sequential? downsample = null;
        if (stride != 1 || _inplanes != planes * Expansion)
            downsample = nn.Sequential(
                ResNetLayers.conv1x1(_inplanes, planes * Expansion, stride),
                nn.BatchNorm2d(planes * Expansion)
            );
        var layer = nn.Sequential(NewBlock(_inplanes, planes, stride, downsample));
        _inplanes = planes * Expansion;
        for (var i = 1; i < blocks; i++)
            layer.append(NewBlock(_inplanes, planes));
        return layer;
    }

    private nn.Module<Tensor, Tensor> NewBlock(
        long inplanes,
        long planes,
        long stride = 1,
        Sequential? downsample = null
    ) =>
        _block == ResNetBlock.Basic
            ? new BasicBlock(inplanes, planes, stride, downsample)
            : new Bottleneck(inplanes, planes, stride, downsample);

    internal void MarkFrozen(string stage, BatchNorm2d[] norms) => _frozen[stage] = norms;

    /// <summary>Training mode everywhere but the frozen stages' BatchNorms, which keep their running
    /// statistics.</summary>
    public override void train(bool mode = true)
    {
        base.train(mode);
        foreach (var norm in _frozen.Values.SelectMany(n => n))
            norm.eval();
    }

    public override Tensor forward(Tensor x)
    {
        if (training || !Description.TestTimeFlip)
            return Network(x);
        // Image and mirror in one batch (one pass over the weights); eval-mode BatchNorm treats each image alone.
        long images = x.size(0);
        var mirrored = x.index_select(3, arange(x.size(3) - 1, -1, -1));
        return Network(cat([x, mirrored], 0)).view(2, images, -1).mean([0]);
    }

    /// <summary>torchvision's forward: stem, four stages, pooling, head.</summary>
    private Tensor Network(Tensor x)
    {
        if (stem is not null)
            x = stem.forward(x);
        x = maxpool.forward(relu.forward(bn1.forward(conv1.forward(x))));
        if (training && TrainingScale < 1)
            x = Shrunk(x, TrainingScale);
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        x = avgpool.forward(x).flatten(1);
        return fc.forward(x);
    }

    private static Tensor Shrunk(Tensor map, double scale)
    {
        static long Side(long full, double scale) =>
            Math.Max(1, (long)Math.Round(full * scale, MidpointRounding.AwayFromZero));
        return nn.functional.interpolate(
            map,
            [Side(map.size(2), scale), Side(map.size(3), scale)],
            mode: InterpolationMode.Bilinear,
            align_corners: false
        );
    }
}
