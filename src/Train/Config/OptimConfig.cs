using System.ComponentModel.DataAnnotations;
using Mlops.Core.Config;

namespace Mlops.Train.Config;

public enum OptimizerKind
{
    Sgd,

    [ConfigName("adamw")]
    AdamW,
}

public sealed class OptimConfig : IValidatedConfig
{
    public OptimizerKind Name { get; init; } = OptimizerKind.Sgd;

    [Range(0.0, 10.0, MinimumIsExclusive = true)]
    public double Lr { get; init; } = 0.1;

    /// <summary>SGD only.</summary>
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Momentum { get; init; } = 0.9;

    /// <summary>SGD only; needs momentum &gt; 0.</summary>
    public bool Nesterov { get; init; }

    [Range(0.0, 1.0)]
    public double WeightDecay { get; init; }

    /// <summary>
    /// False leaves one-dimensional parameters (BatchNorm weights and biases, every bias) out of the weight decay, as
    /// timm's filter_bias_and_bn does; true decays every parameter, as torch.optim does given model.parameters().
    /// </summary>
    public bool DecayNormAndBias { get; init; } = true;

    /// <summary>AdamW only: (beta1, beta2).</summary>
    public List<double> Betas { get; init; } = [0.9, 0.999];

    /// <summary>AdamW only.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double Eps { get; init; } = 1e-8;

    public IEnumerable<ConfigIssue> Validate()
    {
        if (Nesterov && Name != OptimizerKind.Sgd)
            yield return new ConfigIssue("nesterov", "nesterov only applies to sgd");
        else if (Nesterov && Momentum == 0)
            yield return new ConfigIssue("nesterov", "nesterov needs momentum greater than 0");
        if (Betas.Count != 2 || Betas.Any(beta => beta is < 0 or >= 1))
            yield return new ConfigIssue("betas", "expected two values in [0, 1), like [0.9, 0.999]");
    }
}
