using F = Mlops.Torch.torch.nn.functional;

namespace Mlops.Torch.Modules;

/// <summary>Max pooling over [N, C, H, W]; stride defaults to the kernel size.</summary>
public sealed class MaxPool2d : Module<Tensor, Tensor>
{
    public MaxPool2d(long[] kernel_size, long[]? stride, long[] padding, long[] dilation, bool ceil_mode = false)
    {
        this.kernel_size = kernel_size;
        this.stride = stride ?? kernel_size;
        this.padding = padding;
        this.dilation = dilation;
        this.ceil_mode = ceil_mode;
    }

    public long[] kernel_size { get; }
    public long[] stride { get; }
    public long[] padding { get; }
    public long[] dilation { get; }
    public bool ceil_mode { get; }

    public override string extra_repr() =>
        $"kernel_size={Single(kernel_size)}, stride={Single(stride)}, padding={Single(padding)}, dilation={Single(dilation)}, ceil_mode={ModuleRepr.Bool(ceil_mode)}";

    private static string Single(long[] pair) =>
        pair[0] == pair[1]
            ? pair[0].ToString(System.Globalization.CultureInfo.InvariantCulture)
            : ModuleRepr.Pair(pair);

    public override Tensor forward(Tensor input) =>
        F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);
}

/// <summary>Average pooling to a fixed output size [H, W] whatever the input size.</summary>
public sealed class AdaptiveAvgPool2d : Module<Tensor, Tensor>
{
    public AdaptiveAvgPool2d(long[] output_size) => this.output_size = output_size;

    public long[] output_size { get; }

    public override string extra_repr() => $"output_size={ModuleRepr.Pair(output_size)}";

    public override Tensor forward(Tensor input) => F.adaptive_avg_pool2d(input, output_size);
}
