using Mlops.Torch;
using Mlops.Torch.Modules;
using Mlops.Torch.Optim;
using Mlops.Train.Config;

namespace Mlops.Train.Training;

/// <summary>The optimizer over the trainable parameters and the per-step learning-rate schedule of a config.</summary>
public static class OptimizerBuilder
{
    public static Optimizer Build(Module model, OptimConfig optim)
    {
        // Frozen parameters stay out of the optimizer: weight decay must not shrink them either.
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var groups = Groups(trainable, optim.DecayNormAndBias);
        return optim.Name switch
        {
            OptimizerKind.Sgd => torch.optim.SGD(
                groups,
                optim.Lr,
                optim.Momentum,
                weight_decay: optim.WeightDecay,
                nesterov: optim.Nesterov
            ),
            _ => torch.optim.AdamW(groups, optim.Lr, (optim.Betas[0], optim.Betas[1]), optim.Eps, optim.WeightDecay),
        };
    }

    /// <summary>One group, or the multi-dimensional weights and then the norms and biases without weight
    /// decay.</summary>
    private static ParamGroup[] Groups(List<(string name, Parameter parameter)> trainable, bool decayNormAndBias)
    {
        if (decayNormAndBias)
            return [new ParamGroup(trainable)];
        var flat = trainable.Where(p => p.parameter.dim() <= 1).ToList();
        return [new ParamGroup(trainable.Except(flat).ToList()), new ParamGroup(flat, weight_decay: 0)];
    }

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
            ScheduleKind.Cosine => torch.optim.lr_scheduler.CosineAnnealingLR(
                optimizer,
                Math.Max(1, totalSteps - warmupSteps),
                schedule.MinLr
            ),
            ScheduleKind.Step => torch.optim.lr_scheduler.StepLR(
                optimizer,
                schedule.StepSize * stepsPerEpoch,
                schedule.Gamma
            ),
            _ => null,
        };
        if (warmupSteps == 0)
            return main;
        var warmup = torch.optim.lr_scheduler.LinearLR(optimizer, 1.0 / warmupSteps, 1.0, warmupSteps);
        // After the warm-up a constant schedule is a LinearLR of factor 1.
        main ??= torch.optim.lr_scheduler.LinearLR(optimizer, 1.0, 1.0, 1);
        return torch.optim.lr_scheduler.SequentialLR(optimizer, [warmup, main], [warmupSteps]);
    }
}
