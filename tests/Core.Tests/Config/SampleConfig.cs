using System.ComponentModel.DataAnnotations;
using Mlops.Core.Config;

namespace Mlops.Core.Tests.Config;

// A small schema exercising every feature of the binder; the trainer's real schema is tested in Train.Tests.

public sealed class SampleConfig
{
    [Required]
    public string Name { get; set; } = "";

    [Range(0, int.MaxValue)]
    public int Seed { get; set; } = 1;
    public SampleOptim Optim { get; set; } = new();
    public List<string> Tags { get; set; } = [];
    public SampleNormalize Normalize { get; set; } = new();
    public string? Pretrained { get; set; }
}

public enum SampleOptimizer
{
    Sgd,

    [ConfigName("adamw")]
    AdamW,
}

public sealed class SampleOptim : IValidatedConfig
{
    public SampleOptimizer Name { get; set; } = SampleOptimizer.Sgd;

    [Range(0.0, 10.0, MinimumIsExclusive = true)]
    public double Lr { get; set; } = 0.1;
    public double[] Betas { get; set; } = [0.9, 0.999];
    public bool Nesterov { get; set; }

    public IEnumerable<ConfigIssue> Validate()
    {
        if (Nesterov && Name != SampleOptimizer.Sgd)
            yield return new ConfigIssue("nesterov", "nesterov only applies to sgd");
    }
}

public sealed class SampleNormalize : IConfigScalarForm
{
    public bool Auto { get; private set; } = true;
    public List<double>? Mean { get; set; }
    public List<double>? Std { get; set; }

    public string? ReadScalar(string text)
    {
        if (text != "auto")
            return "'auto' or a mapping with mean and std";
        Auto = true;
        return null;
    }

    public string? AsScalar() => Mean is null ? "auto" : null;
}

/// <summary>A sweep-like schema: free-keyed maps and a list of sections.</summary>
public sealed class SampleSweep
{
    public Dictionary<string, List<double>> Grid { get; set; } = [];
    public List<SampleTrial> Trials { get; set; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
}

public sealed class SampleTrial
{
    [System.ComponentModel.DataAnnotations.Required]
    public string Name { get; set; } = "";
    public double Weight { get; set; } = 1;
}
