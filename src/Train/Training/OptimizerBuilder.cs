using Mlops.Torch.Optim;
using Mlops.Train.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Mlops.Train.Training;

/// <summary>The optimizer over the trainable parameters and the per-step learning-rate schedule of a config.</summary>
public static class OptimizerBuilder
{
    /// <summary>SGD is TorchSharp's with an in-place step (<see cref="InPlaceSgd"/>), AdamW is TorchSharp's.</summary>
    public static Optimizer Build(nn.Module model, OptimConfig optim)
    {
        // Frozen parameters stay out of the optimizer: weight decay must not shrink them either.
        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        var (decayed, undecayed) = optim.DecayNormAndBias
            ? (trainable, [])
            : (trainable.Where(p => p.dim() > 1).ToList(), trainable.Where(p => p.dim() <= 1).ToList());
        return optim.Name switch
        {
            OptimizerKind.Sgd => new InPlaceSgd(
                Groups(
                    decayed,
                    undecayed,
                    p => new SGD.ParamGroup { Parameters = p },
                    p => new SGD.ParamGroup(p, new SGD.Options { weight_decay = 0 })
                ),
                optim.Lr,
                optim.Momentum,
                optim.WeightDecay,
                optim.Nesterov
            ),
            _ => AdamW(
                Groups(
                    decayed,
                    undecayed,
                    p => new AdamW.ParamGroup { Parameters = p },
                    p => new AdamW.ParamGroup(p, new AdamW.Options { weight_decay = 0 })
                ),
                optim.Lr,
                optim.Betas[0],
                optim.Betas[1],
                optim.Eps,
                optim.WeightDecay
            ),
        };
    }

    /// <summary>One group, or the multi-dimensional weights and then the norms and biases without weight decay.
    /// Options a group leaves unset are the optimizer's.</summary>
    private static TGroup[] Groups<TGroup>(
        List<Parameter> decayed,
        List<Parameter> undecayed,
        Func<List<Parameter>, TGroup> withDecay,
        Func<List<Parameter>, TGroup> withoutDecay
    ) => undecayed.Count == 0 ? [withDecay(decayed)] : [withDecay(decayed), withoutDecay(undecayed)];

    /// <summary>
    /// A schedule stepped once per optimizer step (smoother than per epoch): an optional linear warm-up over
    /// the first warmup_epochs, then constant, step-wise or cosine decay to the end of training.
    /// </summary>
    public static LRScheduler? BuildSchedule(
        Optimizer optimizer,
        ScheduleConfig schedule,
        int epochs,
        int stepsPerEpoch
    )
    {
        int totalSteps = epochs * stepsPerEpoch;
        int warmupSteps = schedule.WarmupEpochs * stepsPerEpoch;
        LRScheduler? main = schedule.Name switch
        {
            ScheduleKind.Cosine => CosineAnnealingLR(optimizer, Math.Max(1, totalSteps - warmupSteps), schedule.MinLr),
            ScheduleKind.Step => StepLR(optimizer, schedule.StepSize * stepsPerEpoch, schedule.Gamma),
            _ => null,
        };
        if (warmupSteps == 0)
            return main;
        var warmup = LinearLR(optimizer, 1.0 / warmupSteps, 1.0, warmupSteps);
        // After the warm-up a constant schedule is a LinearLR of factor 1.
        main ??= LinearLR(optimizer, 1.0, 1.0, 1);
        return SequentialLR(optimizer, [warmup, main], [warmupSteps]);
    }
}
