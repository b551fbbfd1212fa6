using FluentAssertions;
using Mlops.Train.Runs;
using Mlops.Train.Sweeps;
using Mlops.Train.Tests.Config;
using Xunit;

namespace Mlops.Train.Tests.Sweeps;

/// <summary>`budget.max_minutes`: once the time is spent no new trial starts; the rest are recorded as skipped.</summary>
public sealed class SweepBudgetTests
{
    private const double BudgetMinutes = 0.1;

    [Fact]
    public void When_the_minutes_budget_is_spent_the_remaining_trials_are_skipped_and_not_trained()
    {
        using var scratch = new ScratchFolder();
        var path = SweepFiles.Write(
            scratch,
            $"""
            overrides: [train.epochs=2, schedule.warmup_epochs=0, data.subset=256, data.test_subset=128]
            parameters:
              optim.lr: {"{"} values: [0.05, 0.02, 0.01] {"}"}
            budget: {"{"} max_minutes: {BudgetMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)} {"}"}
            """
        );

        // Not timing-dependent: after the first trial's first epoch, wait until the sweep's own clock
        // (at least the elapsed time sweep.json recorded when the trial started) is surely past the budget.
        var outcome = SweepRunner.Run(
            new SweepRequest
            {
                SweepFile = path,
                Output = TextWriter.Null,
                ShowProgress = false,
                OnEpoch = (trial, metrics) =>
                {
                    if (trial != 0 || metrics.Epoch != 1)
                        return;
                    var recorded = SweepFile
                        .Read(Directory.GetDirectories(scratch.File("sweeps")).Single())
                        .ElapsedSeconds;
                    var wait = BudgetMinutes * 60 - recorded + 0.5;
                    if (wait > 0)
                        Thread.Sleep(TimeSpan.FromSeconds(wait));
                },
            }
        );

        var record = SweepFile.Read(outcome.Folder);
        record.Status.Should().Be(SweepStatus.Completed);
        record.ElapsedSeconds.Should().BeGreaterThan(BudgetMinutes * 60);
        var first = record.Trials[0];
        first.Status.Should().Be(TrialStatus.Completed);
        first.History.Should().HaveCount(2);
        RunFolder.Open(first.Run!).Info.Status.Should().Be(RunStatus.Completed);
        record
            .Trials.Skip(1)
            .Should()
            .HaveCount(2)
            .And.OnlyContain(t =>
                t.Status == TrialStatus.Skipped
                && t.Run == null
                && t.History.Count == 0
                && t.Message!.Contains("budget")
            );
        Directory.GetDirectories(scratch.File("runs")).Should().ContainSingle("skipped trials are not trained");
        record.BestTrial.Should().Be(0);
    }
}
