using FluentAssertions;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Sweeps;
using Mlops.Train.Tests.Config;
using Xunit;

namespace Mlops.Train.Tests.Sweeps;

public sealed class SweepPlanningTests
{
    [Fact]
    public void Grid_is_the_cartesian_product_in_file_order_cut_by_max_runs()
    {
        using var scratch = new ScratchFolder();
        var path = SweepFiles.Write(
            scratch,
            """
            parameters:
              optim.lr: { values: [0.1, 0.01] }
              model: { values: [resnet18, resnet34, resnet50] }
            budget: { max_runs: 5 }
            """
        );
        var trials = TrialPlanner.Plan(SweepPlan.Load(path).Config);
        trials
            .Select(t => $"{t["optim.lr"]}/{t["model"]}")
            .Should()
            .Equal("0.1/resnet18", "0.1/resnet34", "0.1/resnet50", "0.01/resnet18", "0.01/resnet34");
    }

    [Fact]
    public void Random_search_is_reproducible_and_stays_in_its_ranges()
    {
        using var scratch = new ScratchFolder();
        var path = SweepFiles.Write(
            scratch,
            """
            method: random
            seed: 3
            parameters:
              optim.lr: { distribution: log_uniform, min: 0.0001, max: 0.1 }
              train.batch_size: { distribution: int_uniform, min: 16, max: 64 }
              optim.name: { distribution: choice, values: [sgd, adamw] }
            budget: { max_runs: 200 }
            """
        );
        var config = SweepPlan.Load(path).Config;
        var first = TrialPlanner.Plan(config);
        first.Should().BeEquivalentTo(TrialPlanner.Plan(config), options => options.WithStrictOrdering());
        var lrs = first
            .Select(t => double.Parse(t["optim.lr"], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        lrs.Should().OnlyContain(lr => lr >= 0.0001 && lr <= 0.1);
        // log-uniform: about a third of the draws in each decade
        lrs.Count(lr => lr < 0.001).Should().BeInRange(40, 95);
        first
            .Select(t => int.Parse(t["train.batch_size"], System.Globalization.CultureInfo.InvariantCulture))
            .Should()
            .OnlyContain(b => b >= 16 && b <= 64)
            .And.Contain(16)
            .And.Contain(64);
        first.Select(t => t["optim.name"]).Distinct().Should().BeEquivalentTo("sgd", "adamw");
    }

    [Fact]
    public void A_grid_over_a_distribution_is_refused_at_its_key_and_line()
    {
        using var scratch = new ScratchFolder();
        var path = SweepFiles.Write(
            scratch,
            """
            parameters:
              optim.lr: { distribution: uniform, min: 0.1, max: 0.01 }
            """
        );
        var error = Assert.Throws<ConfigException>(() => SweepPlan.Load(path));
        error
            .Errors.Select(e => e.ToString())
            .Should()
            .Contain(e => e.Contains("parameters.optim.lr") && e.Contains("grid sweep needs 'values'"))
            .And.Contain(e => e.Contains("parameters.optim.lr.max") && e.Contains("must be above min"));
        error.Errors.Select(e => e.ToString()).Should().OnlyContain(e => e.Contains("sweep.yaml:"));
    }

    [Fact]
    public void A_trial_value_the_training_config_refuses_is_reported_before_anything_trains()
    {
        using var scratch = new ScratchFolder();
        var path = SweepFiles.Write(
            scratch,
            """
            parameters:
              optim.lr: { values: [0.1, fast] }
            """
        );
        var error = Assert.Throws<MlopsException>(() =>
            SweepRunner.Run(
                new SweepRequest
                {
                    SweepFile = path,
                    Output = TextWriter.Null,
                    ShowProgress = false,
                }
            )
        );
        error.Message.Should().Contain("trial 2 (optim.lr=fast)").And.Contain("expected a number");
        Directory.Exists(scratch.File("runs")).Should().BeFalse("no trial may start when one of them is invalid");
    }

    [Fact]
    public void The_shipped_sweep_composes_every_trial_from_the_quick_config()
    {
        var plan = SweepPlan.Load(RepoPaths.Config("sweeps/fashion_lr.yaml"));
        var trials = TrialPlanner.Plan(plan.Config);
        trials.Should().HaveCount(6);
        var configs = trials
            .Select((parameters, index) => plan.LoadTrial(index, parameters, plan.ThreadsPerTrial(2)).Value)
            .ToList();
        configs.Select(c => c.Optim.Lr).Distinct().Should().BeEquivalentTo([0.01, 0.05, 0.2]);
        configs
            .Should()
            .OnlyContain(c => c.Train.Epochs == 3 && c.Data.Subset == 8000 && c.Name.StartsWith("fashion_lr-t"));
    }

    [Fact]
    public void Median_rule_stops_a_trial_behind_the_median_of_finished_ones_only_after_min_epochs()
    {
        var rule = new MedianStoppingRule(
            new EarlyTerminationConfig
            {
                Rule = EarlyTerminationRule.Median,
                MinEpochs = 2,
                MinTrials = 2,
            },
            SweepGoal.Maximize
        );
        IReadOnlyList<double>[] finished =
        [
            [0.5, 0.7, 0.8],
            [0.4, 0.6, 0.7],
            [0.3, 0.5, 0.9],
        ];
        rule.ShouldStop([0.1], finished).Should().BeNull("epoch 1 is before min_epochs");
        rule.ShouldStop([0.1, 0.55], finished).Should().Contain("median rule").And.Contain("0.6");
        rule.ShouldStop([0.1, 0.6], finished).Should().BeNull("equal to the median is not behind it");
        rule.ShouldStop([0.1, 0.2], finished.Take(1)).Should().BeNull("one finished trial is fewer than min_trials");
        var minimize = new MedianStoppingRule(
            new EarlyTerminationConfig { Rule = EarlyTerminationRule.Median, MinTrials = 1 },
            SweepGoal.Minimize
        );
        minimize
            .ShouldStop(
                [2.0],
                [
                    [1.0],
                ]
            )
            .Should()
            .NotBeNull();
        minimize
            .ShouldStop(
                [0.5],
                [
                    [1.0],
                ]
            )
            .Should()
            .BeNull();
    }
}
