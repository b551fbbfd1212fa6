using Mlops.Torch.Compute;
using Mlops.Train.Config;
using static TorchSharp.torch;

namespace Mlops.Train.Training;

/// <summary>
/// How the training step and the evaluator run the math: memory layout (train.channels_last) and forward precision
/// (train.precision). The default is PyTorch's: NCHW and float32.
/// </summary>
public sealed record ComputeMode(bool ChannelsLast = false, bool Bfloat16 = false)
{
    public static readonly ComputeMode Default = new();

    /// <summary>The mode a config asks for; bf16 checks first that the libtorch loaded can autocast.</summary>
    public static ComputeMode From(TrainingConfig train)
    {
        var mode = new ComputeMode(train.ChannelsLast, train.Precision == Precision.Bf16);
        if (mode.Bfloat16)
            AutocastSupport.EnsureAvailable();
        return mode;
    }

    /// <summary>The mode for <paramref name="train"/>, with <paramref name="model"/>'s weights re-laid out to match
    /// it.</summary>
    public static ComputeMode ApplyTo(nn.Module model, TrainingConfig train)
    {
        var mode = From(train);
        if (mode.ChannelsLast)
            Torch.Compute.ChannelsLast.Apply(model);
        return mode;
    }

    /// <summary>The batch in the layout the model expects.</summary>
    internal Tensor Layout(Tensor images) => ChannelsLast ? Torch.Compute.ChannelsLast.Of(images) : images;

    /// <summary>Open around the forward pass only: backward and the loss run outside, in float32.</summary>
    internal BFloat16Autocast? Autocast() => Bfloat16 ? new BFloat16Autocast() : null;

    /// <summary>Logits as float32, whatever precision produced them, so the loss and argmax are computed in
    /// fp32.</summary>
    internal Tensor Float(Tensor logits) => logits.dtype == ScalarType.Float32 ? logits : logits.to(float32);
}
