using FluentAssertions;
using Mlops.Core.Config;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Sweeps;
using Mlops.Train.Tests.Config;
using Xunit;

namespace Mlops.Train.Tests.Sweeps;

/// <summary>`parallel: N`: trials train N at a time, each still a normal run folder.</summary>
public sealed class SweepParallelTests
{
    private const string Body = """
        overrides: [train.epochs=1, schedule.warmup_epochs=0, data.val_fraction=0.25, data.subset=256, data.test_subset=128]
        parameters:
          optim.lr: { values: [0.05, 0.02, 0.01] }
        """;

    [Fact]
    public void Two_at_a_time_runs_every_trial_overlapping_and_plans_the_same_trials_as_one_at_a_time()
    {
        using var parallelScratch = new ScratchFolder();
        using var sequentialScratch = new ScratchFolder();
        var parallelPath = SweepFiles.Write(parallelScratch, Body);
        var sequentialPath = SweepFiles.Write(sequentialScratch, Body);

        var parallel = SweepRunner.Run(Request(parallelPath, "parallel=2")).Record;
        var sequential = SweepRunner.Run(Request(sequentialPath)).Record;

        SweepFile
            .Read(Directory.GetDirectories(parallelScratch.File("sweeps")).Single())
            .Status.Should()
            .Be(SweepStatus.Completed);
        parallel
            .Trials.Should()
            .HaveCount(3)
            .And.OnlyContain(t => t.Status == TrialStatus.Completed && t.History.Count == 1);
        Directory.GetDirectories(parallelScratch.File("runs")).Should().HaveCount(3, "each trial is one run folder");
        var runs = parallel.Trials.Select(t => RunFolder.Open(t.Run!)).ToList();
        runs.Should().OnlyContain(run => run.Info.Status == RunStatus.Completed && File.Exists(run.EvaluationPath));

        // The first two trials were trained at the same time: each started before the other finished.
        var (first, second) = (runs[0].Info, runs[1].Info);
        first.CreatedUtc.Should().BeBefore(second.FinishedUtc!.Value);
        second.CreatedUtc.Should().BeBefore(first.FinishedUtc!.Value);

        // Same trials as the sequential sweep: same parameters, same configs except the threads each gets
        // (and the scratch runs folder).
        parallel
            .Trials.Select(t => t.Params)
            .Should()
            .BeEquivalentTo(sequential.Trials.Select(t => t.Params), o => o.WithStrictOrdering());
        foreach (var (p, s) in parallel.Trials.Zip(sequential.Trials))
        {
            var parallelConfig = ConfigLoader.Load<TrainConfig>(RunFolder.Open(p.Run!).ConfigPath).Value;
            var sequentialConfig = ConfigLoader.Load<TrainConfig>(RunFolder.Open(s.Run!).ConfigPath).Value;
            parallelConfig.Train.Threads.Should().Be(1, "the base config's 2 threads are split between 2 trials");
            sequentialConfig.Train.Threads.Should().Be(2);
            parallelConfig
                .Should()
                .BeEquivalentTo(sequentialConfig, o =>
                    o.Excluding(c => c.Train.Threads).Excluding(c => c.Output.RunsDir)
                );
        }
    }

    private static SweepRequest Request(string path, params string[] overrides) =>
        new()
        {
            SweepFile = path,
            Overrides = overrides,
            Output = TextWriter.Null,
            ShowProgress = false,
        };
}
