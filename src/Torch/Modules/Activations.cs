using F = Mlops.Torch.torch.nn.functional;

namespace Mlops.Torch.Modules;

public sealed class ReLU : Module<Tensor, Tensor>
{
    public ReLU(bool inplace = false) => this.inplace = inplace;

    public bool inplace { get; }

    public override string extra_repr() => inplace ? "inplace=True" : "";

    public override Tensor forward(Tensor input) => F.relu(input, inplace);
}

/// <summary>Zeroes elements with probability p in training mode (scaling the rest by 1/(1-p)); identity in
/// eval.</summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    public Dropout(double p = 0.5, bool inplace = false)
    {
        if (p < 0 || p > 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        this.p = p;
        this.inplace = inplace;
    }

    public double p { get; }
    public bool inplace { get; }

    public override string extra_repr() => $"p={ModuleRepr.Number(p)}, inplace={ModuleRepr.Bool(inplace)}";

    public override Tensor forward(Tensor input) => F.dropout(input, p, training, inplace);
}

public sealed class Flatten : Module<Tensor, Tensor>
{
    public Flatten(long start_dim = 1, long end_dim = -1)
    {
        this.start_dim = start_dim;
        this.end_dim = end_dim;
    }

    public long start_dim { get; }
    public long end_dim { get; }

    public override string extra_repr() => $"start_dim={start_dim}, end_dim={end_dim}";

    public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);
}

/// <summary>Returns its input (e.g. to replace a classifier head or stand for "no downsample").</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input;
}
