using Mlops.Torch;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Mlops.Train.Training;

/// <summary>
/// One optimizer step on one batch: forward, cross-entropy, backward, update. Every temporary lives in a
/// dispose scope freed before returning, so a loop of steps holds no native memory between iterations.
/// </summary>
public static class TrainingStep
{
    /// <param name="compute">Layout and precision of the forward pass (<see cref="ComputeMode.Default"/> when
    /// null).</param>
    /// <returns>The batch loss (before the update) and how many images the model got right.</returns>
    public static (double Loss, long Correct) Run(
        Module<Tensor, Tensor> model,
        optim.Optimizer optimizer,
        ReadOnlySpan<float> images,
        long[] shape,
        ReadOnlySpan<long> labels,
        double labelSmoothing,
        Func<double, string>? onNonFiniteLoss = null,
        ComputeMode? compute = null
    )
    {
        compute ??= ComputeMode.Default;
        using var scope = NewDisposeScope();
        var input = compute.Layout(TensorCopies.FromSpan(images, shape));
        var target = TensorCopies.FromSpan(labels, [labels.Length]);
        Tensor logits;
        using (compute.Autocast())
            logits = model.forward(input);
        logits = compute.Float(logits);
        var loss = functional.cross_entropy(logits, target, label_smoothing: labelSmoothing);
        optimizer.zero_grad();
        loss.backward();
        double value = loss.item<float>();
        if (!double.IsFinite(value) && onNonFiniteLoss is not null)
            throw new TrainingDivergedException(onNonFiniteLoss(value));
        optimizer.step();
        long correct = logits.argmax(1).eq(target).sum().item<long>();
        return (value, correct);
    }
}
