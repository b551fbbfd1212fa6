using Mlops.Torch;
using Mlops.Torch.Modules;
using Mlops.Train.Config;

namespace Mlops.Train.Training;

/// <summary>
/// How the training step and the evaluator run the math: memory layout (train.channels_last) and forward precision
/// (train.precision). The default is PyTorch's: NCHW and float32.
/// </summary>
public sealed record ComputeMode(bool ChannelsLast = false, bool Bfloat16 = false)
{
    public static readonly ComputeMode Default = new();

    public static ComputeMode From(TrainingConfig train) => new(train.ChannelsLast, train.Precision == Precision.Bf16);

    /// <summary>The mode for <paramref name="train"/>, with <paramref name="model"/>'s weights re-laid out to match
    /// it.</summary>
    public static ComputeMode ApplyTo(Module model, TrainingConfig train)
    {
        var mode = From(train);
        if (mode.ChannelsLast)
            model.to(torch.channels_last);
        return mode;
    }

    /// <summary>The batch in the layout the model expects.</summary>
    internal Tensor Layout(Tensor images) => ChannelsLast ? images.contiguous(torch.channels_last) : images;

    /// <summary>Open around the forward pass only: backward and the loss run outside, in float32.</summary>
    internal torch.AutocastScope? Autocast() => Bfloat16 ? torch.autocast(torch.bfloat16) : null;

    /// <summary>Logits as float32, whatever precision produced them, so the loss and argmax are computed in
    /// fp32.</summary>
    internal Tensor Float(Tensor logits) => logits.dtype == ScalarType.Float32 ? logits : logits.to(torch.float32);
}
