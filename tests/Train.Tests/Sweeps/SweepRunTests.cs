using FluentAssertions;
using Mlops.Core.Config;
using Mlops.Tests.Shared;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Sweeps;
using Mlops.Train.Tests.Config;
using Xunit;

namespace Mlops.Train.Tests.Sweeps;

/// <summary>Real sweeps of tiny Fashion-MNIST trainings (a few hundred images, 1–3 epochs per trial).</summary>
public sealed class SweepRunTests
{
    private static SweepRequest Request(string path, bool resume = false, Action<int, EpochMetrics>? onEpoch = null) =>
        new()
        {
            SweepFile = path,
            Resume = resume,
            Output = TextWriter.Null,
            ShowProgress = false,
            OnEpoch = onEpoch,
        };

    [Fact]
    public void A_grid_sweep_trains_each_trial_as_a_normal_run_and_names_the_best()
    {
        using var scratch = new ScratchFolder();
        var path = SweepFiles.Write(
            scratch,
            """
            overrides: [train.epochs=1, schedule.warmup_epochs=0, data.val_fraction=0.25]
            parameters:
              optim.lr: { values: [0.05, 0.000001] }
            metric: { name: train_loss, goal: minimize }
            """
        );

        var outcome = SweepRunner.Run(Request(path));

        var record = SweepFile.Read(outcome.Folder);
        record.Status.Should().Be(SweepStatus.Completed);
        record
            .Trials.Should()
            .HaveCount(2)
            .And.OnlyContain(t => t.Status == TrialStatus.Completed && t.History.Count == 1);
        foreach (var trial in record.Trials)
        {
            var run = RunFolder.Open(trial.Run!);
            run.Info.Status.Should().Be(RunStatus.Completed);
            File.Exists(run.EvaluationPath).Should().BeTrue();
            var config = ConfigLoader.Load<TrainConfig>(run.ConfigPath).Value;
            config
                .Optim.Lr.Should()
                .Be(double.Parse(trial.Params["optim.lr"], System.Globalization.CultureInfo.InvariantCulture));
            config.Train.Threads.Should().Be(2);
            trial.Metric.Should().Be(run.Metrics.ReadEpochs().Single().TrainLoss);
        }
        record.BestTrial.Should().Be(record.Trials.MinBy(t => t.Metric)!.Index);
        Path.GetFileName(outcome.Folder).Should().StartWith("tinysweep-");
    }

    [Fact]
    public void A_trial_on_an_image_folder_records_no_test_accuracy()
    {
        using var scratch = new ScratchFolder();
        var root = TinyImageFolder.Write(scratch.File("images"));
        var path = SweepFiles.Write(
            scratch,
            $$"""
            overrides: [data.dataset=imagefolder, 'data.root={{root}}', model.num_classes=2, data.val_fraction=0.25, data.subset=24, train.epochs=2]
            parameters:
              optim.lr: { values: [0.05] }
            """
        );

        var trial = SweepRunner.Run(Request(path)).Record.Trials.Single();

        trial.Status.Should().Be(TrialStatus.Completed);
        RunCatalog.ReadEvaluation(RunFolder.Open(trial.Run!).EvaluationPath)!["split"]!
            .GetValue<string>()
            .Should()
            .Be("validation");
        trial.TestAccuracy.Should().BeNull("the run's final evaluation was on its validation part");
    }

    [Fact]
    public void The_median_rule_stops_a_trial_that_falls_behind()
    {
        using var scratch = new ScratchFolder();
        var path = SweepFiles.Write(
            scratch,
            """
            overrides: [train.epochs=2, schedule.warmup_epochs=0]
            parameters:
              optim.lr: { values: [0.01, 0.0000001] }
            metric: { name: train_loss, goal: minimize }
            early_termination: { rule: median, min_epochs: 1, min_trials: 1 }
            """
        );

        var record = SweepRunner.Run(Request(path)).Record;

        record.Trials[0].Status.Should().Be(TrialStatus.Completed);
        record.Trials[0].History.Should().HaveCount(2);
        var bad = record.Trials[1];
        bad.Status.Should().Be(TrialStatus.Pruned);
        bad.Message.Should().Contain("median rule");
        bad.History.Should().HaveCount(1, "it is stopped right after its first epoch");
        RunFolder.Open(bad.Run!).Info.Status.Should().Be(RunStatus.Stopped);
        record.BestTrial.Should().Be(0);
    }

    [Fact]
    public void A_killed_sweep_resumes_without_repeating_finished_trials()
    {
        using var scratch = new ScratchFolder();
        var path = SweepFiles.Write(
            scratch,
            """
            overrides: [train.epochs=2, schedule.warmup_epochs=0]
            parameters:
              optim.lr: { values: [0.05, 0.02] }
            """
        );
        using var kill = new CancellationTokenSource();
        var interrupt = () => SweepRunner.Run(Request(path, onEpoch: (trial, metrics) =>
                {
                    if (trial == 1 && metrics.Epoch == 1)
                        kill.Cancel();
                }), kill.Token);
        interrupt.Should().Throw<OperationCanceledException>();

        var folder = Directory.GetDirectories(scratch.File("sweeps")).Single();
        var killed = SweepFile.Read(folder);
        killed.Status.Should().Be(SweepStatus.Interrupted);
        killed.Trials[0].Status.Should().Be(TrialStatus.Completed);
        killed.Trials[1].Status.Should().Be(TrialStatus.Running);
        var finishedRun = killed.Trials[0].Run!;
        var finishedRunJson = File.ReadAllText(Path.Combine(finishedRun, RunFolder.InfoFile));

        var outcome = SweepRunner.Run(Request(path, resume: true));

        outcome.Folder.Should().Be(folder);
        var record = outcome.Record;
        record.Status.Should().Be(SweepStatus.Completed);
        record.Trials.Should().OnlyContain(t => t.Status == TrialStatus.Completed && t.History.Count == 2);
        record.Trials[0].Run.Should().Be(finishedRun);
        File.ReadAllText(Path.Combine(finishedRun, RunFolder.InfoFile)).Should().Be(finishedRunJson);
        var resumed = RunFolder.Open(record.Trials[1].Run!);
        resumed.Info.Resumes.Should().HaveCount(1);
        resumed.Metrics.ReadEpochs().Select(e => e.Epoch).Should().Equal(1, 2);
        Directory.GetDirectories(scratch.File("runs")).Should().HaveCount(2, "no run folder is created twice");
    }
}
