using System.ComponentModel.DataAnnotations;
using Mlops.Core.Config;

namespace Mlops.Train.Config;

public enum ResNetArch
{
    Resnet18,
    Resnet34,
    Resnet50,
}

/// <summary>Parts of a ResNet that fine-tuning can keep frozen.</summary>
public enum FreezeStage
{
    Stem,
    Layer1,
    Layer2,
    Layer3,
    Layer4,
}

public sealed class ModelConfig : IValidatedConfig
{
    [Required]
    public ResNetArch Arch { get; init; } = ResNetArch.Resnet18;

    [Range(2, 100_000)]
    public int NumClasses { get; init; } = 10;

    [Range(1, 64)]
    public int InChannels { get; init; } = 1;

    /// <summary>3x3 stride-1 first convolution and no max-pool: for 28–32 px images.</summary>
    public bool SmallStem { get; init; }

    /// <summary>Stride of the small stem's 3x3 convolution: 2 halves the resolution into layer1 (about 4x less
    /// compute).</summary>
    [Range(1, 2)]
    public int StemStride { get; init; } = 1;

    /// <summary>
    /// A full-resolution 3x3 convolution (32 channels) + BatchNorm + ReLU before the small stem's conv1, named
    /// <c>stem</c> in the state dict (ResNet-C's deep stem, one layer deep). At stem_stride 2 it trains ~7% fewer
    /// images per second (bench/train-throughput side by side) and reaches a given accuracy in fewer epochs.
    /// </summary>
    public bool DeepStem { get; init; }

    /// <summary>Start every residual branch's last BatchNorm scale at zero, so each block starts as the identity (Goyal
    /// et al.).</summary>
    public bool ZeroInitResidual { get; init; }

    /// <summary>
    /// Evaluation and serving answer with the mean logits of the image and its left-right mirror (twice the inference
    /// work; training unchanged). Only for data where a mirrored image keeps its class (clothes, not digits).
    /// </summary>
    public bool TestTimeFlip { get; init; }

    /// <summary>Weights to start from: a torchvision state_dict (.pth) or a safetensors file (relative to the config
    /// file that names it, or to the working folder when given on the command line).</summary>
    [PathInConfig]
    public string? Pretrained { get; init; }

    public List<FreezeStage> Freeze { get; init; } = [];

    public IEnumerable<ConfigIssue> Validate()
    {
        if (Pretrained is not null)
        {
            var extension = Path.GetExtension(Pretrained).ToLowerInvariant();
            if (extension is not (".pth" or ".pt" or ".safetensors"))
                yield return new ConfigIssue("pretrained", $"expected a .pth or .safetensors file, got '{Pretrained}'");
            else if (!File.Exists(Pretrained))
                yield return new ConfigIssue("pretrained", $"file not found: {Path.GetFullPath(Pretrained)}");
        }
        if (StemStride != 1 && !SmallStem)
            yield return new ConfigIssue("stem_stride", "applies to the small stem only (set model.small_stem: true)");
        if (DeepStem && !SmallStem)
            yield return new ConfigIssue("deep_stem", "applies to the small stem only (set model.small_stem: true)");
        if (DeepStem && Pretrained is not null)
            yield return new ConfigIssue(
                "deep_stem",
                "adds a layer that pretrained torchvision weights do not have: use one or the other"
            );
        if (ZeroInitResidual && Pretrained is not null)
            yield return new ConfigIssue(
                "zero_init_residual",
                "sets initial weights, which model.pretrained replaces: use one or the other"
            );
        if (Freeze.Count > 0 && Pretrained is null)
            yield return new ConfigIssue(
                "freeze",
                "freezing layers only makes sense with pretrained weights (model.pretrained)"
            );
        if (Freeze.Distinct().Count() != Freeze.Count)
            yield return new ConfigIssue("freeze", "lists the same stage twice");
    }
}
