using F = Mlops.Torch.torch.nn.functional;

namespace Mlops.Torch.Modules;

/// <summary>2-D convolution; weight [out_channels, in_channels / groups, kH, kW] and optional bias
/// [out_channels].</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    public Conv2d(
        long in_channels,
        long out_channels,
        long[] kernel_size,
        long[] stride,
        long[] padding,
        long[] dilation,
        long groups = 1,
        bool bias = true
    )
    {
        if (in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException(
                $"in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible by groups ({groups})"
            );
        this.in_channels = in_channels;
        this.out_channels = out_channels;
        this.kernel_size = kernel_size;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        using var scope = torch.NewDisposeScope();
        weight = new Parameter(torch.empty([out_channels, in_channels / groups, kernel_size[0], kernel_size[1]]));
        this.bias = bias ? new Parameter(torch.empty([out_channels])) : null;
        register_parameter("weight", weight);
        register_parameter("bias", this.bias);
        reset_parameters();
    }

    public long in_channels { get; }
    public long out_channels { get; }
    public long[] kernel_size { get; }
    public long[] stride { get; }
    public long[] padding { get; }
    public long[] dilation { get; }
    public long groups { get; }
    public Parameter weight { get; }
    public Parameter? bias { get; }

    /// <summary>PyTorch's default: kaiming_uniform(a=sqrt(5)) for the weight, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for
    /// the bias.</summary>
    public void reset_parameters()
    {
        torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias is null)
            return;
        var (fanIn, _) = torch.nn.init.calculate_fan_in_and_fan_out(weight);
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        torch.nn.init.uniform_(bias, -bound, bound);
    }

    public override string extra_repr() =>
        $"{in_channels}, {out_channels}, kernel_size={ModuleRepr.Pair(kernel_size)}, stride={ModuleRepr.Pair(stride)}"
        + (padding.Any(p => p != 0) ? $", padding={ModuleRepr.Pair(padding)}" : "")
        + (dilation.Any(d => d != 1) ? $", dilation={ModuleRepr.Pair(dilation)}" : "")
        + (groups != 1 ? $", groups={groups}" : "")
        + (bias is null ? ", bias=False" : "");

    public override Tensor forward(Tensor input) => F.conv2d(input, weight, bias, stride, padding, dilation, groups);
}
