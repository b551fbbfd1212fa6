using static TorchSharp.torch;

namespace Mlops.Torch.Compute;

/// <summary>
/// channels_last (NHWC memory under NCHW sizes), which oneDNN's convolutions run faster on. TorchSharp 0.107 takes no
/// <c>memory_format</c>, so the layout is made by strides: permute to NHWC, make that contiguous, permute back.
/// </summary>
public static class ChannelsLast
{
    /// <summary>A channels_last copy of a 4-d tensor (other tensors are returned as they are).</summary>
    public static Tensor Of(Tensor tensor) =>
        tensor.dim() == 4 && !IsChannelsLast(tensor)
            ? tensor.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)
            : tensor;

    /// <summary>True when the memory is in NHWC order. Strides of dimensions of size 1 do not matter (libtorch
    /// leaves them as it likes), so a one-channel tensor is both layouts at once.</summary>
    public static bool IsChannelsLast(Tensor tensor)
    {
        if (tensor.dim() != 4)
            return false;
        var (stride, shape) = (tensor.stride(), tensor.shape);
        long expected = 1;
        foreach (int dim in (int[])[1, 3, 2, 0])
        {
            if (shape[dim] != 1 && stride[dim] != expected)
                return false;
            expected *= shape[dim];
        }
        return true;
    }

    /// <summary>Re-lays out every 4-d parameter and buffer of <paramref name="module"/> in place (a parameter keeps
    /// its identity, so optimizers built before or after see the same tensor).</summary>
    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (_, parameter) in module.named_parameters())
        {
            if (parameter.dim() != 4 || IsChannelsLast(parameter))
                continue;
            using var scope = NewDisposeScope(); // the permuted views and the copy are freed here
            parameter.set_(Of(parameter));
        }
    }
}
