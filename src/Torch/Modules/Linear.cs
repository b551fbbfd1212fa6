using F = Mlops.Torch.torch.nn.functional;

namespace Mlops.Torch.Modules;

/// <summary>y = x Wᵀ + b with weight [out_features, in_features].</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long in_features, long out_features, bool bias = true)
    {
        this.in_features = in_features;
        this.out_features = out_features;
        using var scope = torch.NewDisposeScope();
        weight = new Parameter(torch.empty([out_features, in_features]));
        this.bias = bias ? new Parameter(torch.empty([out_features])) : null;
        register_parameter("weight", weight);
        register_parameter("bias", this.bias);
        reset_parameters();
    }

    public long in_features { get; }
    public long out_features { get; }
    public Parameter weight { get; }
    public Parameter? bias { get; }

    /// <summary>PyTorch's default initialisation (same rule as Conv2d).</summary>
    public void reset_parameters()
    {
        torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias is null)
            return;
        var bound = in_features > 0 ? 1 / Math.Sqrt(in_features) : 0;
        torch.nn.init.uniform_(bias, -bound, bound);
    }

    public override string extra_repr() =>
        $"in_features={in_features}, out_features={out_features}, bias={ModuleRepr.Bool(bias is not null)}";

    public override Tensor forward(Tensor input) => F.linear(input, weight, bias);
}
