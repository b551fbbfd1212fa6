using Mlops.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Export.Writer;

/// <summary>
/// Folds an eval-mode BatchNorm into the convolution before it: w' = w·γ/√(σ²+ε) per output channel and
/// b' = (b − μ)·γ/√(σ²+ε) + β. Computed in double so the folded model stays within 1e-4 of the original.
/// </summary>
public static class BatchNormFolding
{
    public static (float[] Weight, float[] Bias) Fold(Conv2d conv, BatchNorm2d norm, string where)
    {
        if (norm.running_mean is null || norm.running_var is null)
            throw new Core.Errors.MlopsException(
                "a BatchNorm without running statistics cannot be folded or exported",
                where
            );
        if (norm.num_features != conv.out_channels)
            throw new Core.Errors.MlopsException(
                $"BatchNorm has {norm.num_features} features but the convolution before it has {conv.out_channels} "
                    + $"channels",
                where
            );
        var weight = conv.weight.ToArray<float>();
        var bias = conv.bias is null ? new float[conv.out_channels] : conv.bias.ToArray<float>();
        var mean = norm.running_mean.ToArray<float>();
        var variance = norm.running_var.ToArray<float>();
        var gamma = norm.weight is null ? null : norm.weight.ToArray<float>();
        var beta = norm.bias is null ? null : norm.bias.ToArray<float>();
        var perChannel = weight.Length / (int)conv.out_channels;
        var foldedWeight = new float[weight.Length];
        var foldedBias = new float[bias.Length];
        for (var c = 0; c < conv.out_channels; c++)
        {
            var factor = (gamma?[c] ?? 1.0) / Math.Sqrt(variance[c] + norm.eps);
            for (var i = c * perChannel; i < (c + 1) * perChannel; i++)
                foldedWeight[i] = (float)(weight[i] * factor);
            foldedBias[c] = (float)((bias[c] - mean[c]) * factor + (beta?[c] ?? 0.0));
        }
        return (foldedWeight, foldedBias);
    }
}
