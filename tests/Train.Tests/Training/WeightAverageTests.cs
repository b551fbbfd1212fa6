using Mlops.Torch;
using Mlops.Torch.Serialization;
using Mlops.Train.Config;
using Mlops.Train.Models;
using Mlops.Train.Runs;
using Mlops.Train.Tests.Config;
using Mlops.Train.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Training;

/// <summary>train.ema: the moving average of the weights, what it is made of, where it is used and how it resumes.</summary>
public sealed class WeightAverageTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void The_average_follows_decay_per_update_and_copies_counters()
    {
        using var live = ResNets.Create(new ResNetDescription("resnet18", 10, 1, SmallStem: true, StemStride: 2));
        var start = live.fc.weight.ToArray<float>()[0];
        using var average = new WeightAverage(live, new EmaConfig { Decay = 0.5, EverySteps = 2 }, ComputeMode.Default);
        var counter = live.bn1.num_batches_tracked!;

        SetFcWeight(live, 1f);
        counter.fill_(3);
        average.Update(1);
        average.Model.fc.weight.ToArray<float>()[0].Should().Be(start, "every_steps 2: step 1 does not update");

        average.Update(2);
        // One update standing for two steps keeps decay^2 = 0.25 of the average.
        average.Model.fc.weight.ToArray<float>()[0].Should().BeApproximately(0.25f * start + 0.75f, 1e-6f);
        average.Model.bn1.num_batches_tracked!.ToArray<long>().Should().Equal(3);

        SetFcWeight(live, -2f);
        average.Update(4);
        average
            .Model.fc.weight.ToArray<float>()[0]
            .Should()
            .BeApproximately(0.25f * (0.25f * start + 0.75f) + 0.75f * -2f, 1e-6f);
        average.Model.training.Should().BeFalse();
        average.Model.parameters().Should().OnlyContain(p => !p.requires_grad);
    }

    [Fact]
    public void A_run_with_ema_evaluates_the_average_keeps_it_in_the_last_checkpoint_and_resumes_it_exactly()
    {
        string[] ema = ["train.ema.decay=0.9", "data.val_fraction=0"];
        var straight = Trainer.Run(TinyRuns.Request(_scratch.File("a"), ema));
        var run = RunFolder.Open(straight.RunPath);
        var best = StateDictFile.Read(run.BestCheckpointPath);
        var last = StateDictFile.Read(run.LastCheckpointPath);

        // Without a validation split every epoch is "best": the best file holds the average the last file carries.
        Floats(best, "fc.weight").Should().Equal(Floats(last, Checkpoints.AveragePrefix + "fc.weight"));
        Floats(best, "fc.weight").Should().NotEqual(Floats(last, "fc.weight"), "the average is not the live weights");
        best.Keys.Should().NotContain(k => k.StartsWith(Checkpoints.AveragePrefix, StringComparison.Ordinal));
        var reevaluated = CheckpointEvaluation.Run(
            run.BestCheckpointPath,
            Data.Datasets.DatasetSpec.Parse("fashion-mnist:test"),
            subset: 256
        );
        reevaluated.Accuracy.Should().Be(straight.Test!.Accuracy, "the recorded test accuracy is the average's");

        // Stopped after epoch 1 and resumed: the same average as the uninterrupted run, to the bit.
        var stopped = Trainer.Run(TinyRuns.Request(_scratch.File("b"), ema) with { ContinueAfterEpoch = _ => false });
        var resumed = Trainer.Run(TinyRuns.Request(_scratch.File("b"), ema) with { ResumeFrom = stopped.RunPath });
        var resumedBest = StateDictFile.Read(RunFolder.Open(resumed.RunPath).BestCheckpointPath);
        Floats(resumedBest, "fc.weight").Should().Equal(Floats(best, "fc.weight"));
        Floats(resumedBest, "layer4.1.bn2.running_var").Should().Equal(Floats(best, "layer4.1.bn2.running_var"));
        resumed.Test!.Accuracy.Should().Be(straight.Test.Accuracy);
    }

    [Fact]
    public void Resuming_with_ema_from_a_run_that_had_none_says_what_to_do()
    {
        var stopped = Trainer.Run(TinyRuns.Request(_scratch.File("c")) with { ContinueAfterEpoch = _ => false });

        var act = () =>
            Trainer.Run(
                TinyRuns.Request(_scratch.File("c"), ["train.ema.decay=0.9"]) with
                {
                    ResumeFrom = stopped.RunPath,
                }
            );

        act.Should().Throw<Core.Errors.MlopsException>().WithMessage("*train.ema*no average to continue*");
    }

    private static void SetFcWeight(ResNet model, float value)
    {
        using var noGrad = torch.no_grad();
        model.fc.weight.fill_(value);
    }

    private static float[] Floats(StateDict file, string key) => file.Tensors[key].ToArray<float>();
}
