using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Tests.Shared;
using Mlops.Train.Runs;
using Mlops.Train.Tests.Config;
using Mlops.Train.Tests.Training;
using Mlops.Train.Training;

namespace Mlops.Train.Tests.Runs;

public class RunCatalogTests
{
    private static RunFolder FinishedRun(string runsDir, string prefix, DateTimeOffset created, double testAccuracy)
    {
        var run = RunFolder.Create(runsDir, prefix, "", [], created);
        run.Metrics.AppendEpoch(new EpochMetrics(1, 10, 1.0, 0.6, 0.9, 0.70, 0.1, 100, 1));
        run.Metrics.AppendEpoch(new EpochMetrics(2, 20, 0.8, 0.7, 0.8, 0.75, 0.05, 100, 1));
        run.Metrics.AppendEpoch(new EpochMetrics(3, 30, 0.7, 0.8, 0.85, 0.74, 0.0, 100, 1));
        EvaluationReportFile.Write(
            run.EvaluationPath,
            new EvaluationReport
            {
                Images = 100,
                Loss = 0.5,
                Accuracy = testAccuracy,
            }
        );
        run.MarkCompleted();
        return run;
    }

    [Fact]
    public void Lists_runs_newest_first_with_status_and_final_metrics()
    {
        using var scratch = new ScratchFolder();
        var older = FinishedRun(scratch.Path, "quick", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 0.91);
        var newer = RunFolder.Create(
            scratch.Path,
            "full",
            "",
            [],
            new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)
        );
        Directory.CreateDirectory(scratch.File("not-a-run"));

        var runs = RunCatalog.List(scratch.Path);

        runs.Select(run => run.Name).Should().Equal(newer.Name, older.Name);
        runs[0]
            .Should()
            .Match<RunSummary>(run =>
                run.Status == RunStatus.Running && run.Epochs == null && run.TestAccuracy == null
            );
        runs[1]
            .Should()
            .Match<RunSummary>(run =>
                run.Status == RunStatus.Completed
                && run.Epochs == 3
                && run.BestValAccuracy == 0.75
                && run.LastValLoss == 0.85
                && run.TestAccuracy == 0.91
            );
    }

    [Fact]
    public void A_damaged_run_is_listed_with_its_problem()
    {
        using var scratch = new ScratchFolder();
        FinishedRun(scratch.Path, "good", DateTimeOffset.UtcNow, 0.9);
        Directory.CreateDirectory(scratch.File("bad-run"));
        File.WriteAllText(scratch.File("bad-run/run.json"), "not json");

        var bad = RunCatalog.List(scratch.Path).Single(run => run.Name == "bad-run");

        bad.Status.Should().BeNull();
        bad.Problem.Should().StartWith("unreadable run file");
    }

    [Fact]
    public void Finds_a_run_by_folder_name_path_or_newest_with_a_prefix()
    {
        using var scratch = new ScratchFolder();
        var first = FinishedRun(scratch.Path, "quick", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 0.9);
        var second = FinishedRun(scratch.Path, "quick", new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), 0.92);

        RunCatalog.Find(scratch.Path, first.Name).Path.Should().Be(first.Path);
        RunCatalog.Find("elsewhere", second.Path).Name.Should().Be(second.Name);
        RunCatalog.Find(scratch.Path, "quick").Name.Should().Be(second.Name);

        var unknown = () => RunCatalog.Find(scratch.Path, "quack");
        unknown
            .Should()
            .Throw<MlopsException>()
            .Which.Message.Should()
            .Contain("no run named 'quack'")
            .And.Contain(first.Name);
    }

    [Fact]
    public void An_image_folder_run_evaluates_on_its_validation_part_and_lists_no_test_accuracy()
    {
        using var scratch = new ScratchFolder();
        var root = TinyImageFolder.Write(scratch.File("images"));
        var outcome = Trainer.Run(
            TinyRuns.Request(
                scratch.File("runs"),
                [
                    "data.dataset=imagefolder",
                    $"data.root={root}",
                    "model.num_classes=2",
                    "data.val_fraction=0.25",
                    "data.subset=24",
                    "train.epochs=2",
                ]
            )
        );

        var summary = RunCatalog.List(scratch.File("runs")).Single();

        outcome.Test!.Split.Should().Be("validation");
        summary.FinalEvaluationSplit.Should().Be("validation");
        summary.TestAccuracy.Should().BeNull("the figure was measured on the validation part, not on a test split");
        RunQuery.Where("accuracy>=0").Invoke(summary).Should().BeFalse("--where accuracy means test accuracy");
    }

    [Fact]
    public void An_evaluation_on_the_test_split_or_naming_no_split_is_the_test_accuracy()
    {
        using var scratch = new ScratchFolder();
        FinishedRun(scratch.Path, "unnamed", DateTimeOffset.UtcNow, 0.9); // written as the pipeline's evaluate stage writes it
        var test = RunFolder.Create(scratch.Path, "test", "", []);
        EvaluationReportFile.Write(
            test.EvaluationPath,
            new EvaluationReport
            {
                Split = "test",
                Images = 100,
                Loss = 0.5,
                Accuracy = 0.8,
            }
        );

        var runs = RunCatalog.List(scratch.Path);

        runs.Single(run => run.Name.StartsWith("unnamed")).TestAccuracy.Should().Be(0.9);
        runs.Single(run => run.Name.StartsWith("test"))
            .Should()
            .Match<RunSummary>(run => run.TestAccuracy == 0.8 && run.FinalEvaluationSplit == "test");
    }

    [Fact]
    public void A_missing_runs_folder_has_no_runs()
    {
        RunCatalog.List("/nonexistent/runs").Should().BeEmpty();
    }
}

public class RunDetailsTests
{
    [Fact]
    public void Shows_settings_from_the_run_config_metrics_and_files()
    {
        using var scratch = new ScratchFolder();
        var config = Mlops.Train.Config.TrainConfig.Load(RepoPaths.Config("quick.yaml"));
        var run = RunFolder.Create(scratch.Path, "quick", config.ToYaml(), ["train"]);
        run.Metrics.AppendEpoch(new EpochMetrics(1, 10, 1.0, 0.6, 0.9, 0.70, 0.1, 100, 1));
        EvaluationReportFile.Write(
            run.EvaluationPath,
            new EvaluationReport
            {
                Images = 100,
                Accuracy = 0.8,
                Loss = 0.5,
            }
        );

        var details = RunDetails.Of(RunCatalog.Find(scratch.Path, "quick"));

        details.ConfigProblem.Should().BeNull();
        details.Settings.Should().Contain(KeyValuePair.Create("model", "resnet18 (small stem), 10 classes"));
        details.Settings.Should().Contain(KeyValuePair.Create("data", "fashion-mnist (subset 8000)"));
        details.Summary.TestAccuracy.Should().Be(0.8);
        ((double)details.Evaluation!["loss"]!).Should().Be(0.5);
        details
            .Files.Select(file => file.Path)
            .Should()
            .Equal("config.yaml", "evaluation.json", "metrics.jsonl", "run.json");
        details.Files.Should().OnlyContain(file => file.Bytes > 0);
    }

    [Fact]
    public void Shows_the_stem_stride_and_progressive_resizing_when_a_run_used_them()
    {
        using var scratch = new ScratchFolder();
        var config = Mlops.Train.Config.TrainConfig.Load(
            RepoPaths.Config("fashion_resnet18.yaml"),
            [
                "model.stem_stride=1",
                "train.progressive_resizing.min_scale=0.5",
                "train.progressive_resizing.start_epoch=5",
                "train.progressive_resizing.end_epoch=9",
            ]
        );
        RunFolder.Create(scratch.Path, "prog", config.ToYaml(), ["train"]);
        var shipped = Mlops.Train.Config.TrainConfig.Load(RepoPaths.Config("fashion_resnet18.yaml"));
        RunFolder.Create(scratch.Path, "shipped", shipped.ToYaml(), ["train"]);

        var progressive = RunDetails.Of(RunCatalog.Find(scratch.Path, "prog")).Settings;
        progressive.Should().Contain(KeyValuePair.Create("model", "resnet18 (small stem), 10 classes"));
        progressive
            .Should()
            .Contain(
                KeyValuePair.Create(
                    "train",
                    "15 epochs, batch 128, seed 0, progressive resizing from 0.5 (full size from epoch 9)"
                )
            );
        var plain = RunDetails.Of(RunCatalog.Find(scratch.Path, "shipped")).Settings;
        plain.Should().Contain(KeyValuePair.Create("model", "resnet18 (small stem, stride 2), 10 classes"));
        plain.Should().Contain(KeyValuePair.Create("train", "15 epochs, batch 128, seed 0"));
    }

    [Fact]
    public void A_config_that_no_longer_loads_is_reported_not_fatal()
    {
        using var scratch = new ScratchFolder();
        var run = RunFolder.Create(scratch.Path, "old", "name: old\nmodel:\n  arch: resnet18\n  depth: 3\n", []);

        var details = RunDetails.Of(run);

        details.Settings.Should().BeEmpty();
        details.ConfigProblem.Should().Contain("config.yaml:4 (model.depth)").And.Contain("unknown key 'depth'");
    }
}

public class RunQueryTests
{
    private static RunSummary Run(string name, RunStatus status, double? accuracy, int? epochs) =>
        new(name, name, status, DateTimeOffset.UnixEpoch, epochs, null, null, accuracy, null);

    private static readonly RunSummary[] Runs =
    [
        Run("a", RunStatus.Completed, 0.91, 15),
        Run("b", RunStatus.Failed, null, 2),
        Run("c", RunStatus.Completed, 0.95, 10),
    ];

    [Theory]
    [InlineData("accuracy>0.9", "a,c")]
    [InlineData("accuracy >= 0.95", "c")]
    [InlineData("status=completed", "a,c")]
    [InlineData("status!=completed", "b")]
    [InlineData("epochs<10", "b")]
    [InlineData("name=A", "a")]
    public void Filters_by_a_condition(string condition, string expected)
    {
        Runs.Where(RunQuery.Where(condition)).Select(run => run.Name).Should().Equal(expected.Split(','));
    }

    [Fact]
    public void Sorts_ascending_or_descending_with_missing_values_last()
    {
        RunQuery.Sort(Runs, "-accuracy").Select(run => run.Name).Should().Equal("c", "a", "b");
        RunQuery.Sort(Runs, "epochs").Select(run => run.Name).Should().Equal("b", "c", "a");
    }

    [Fact]
    public void Bad_queries_say_what_is_expected()
    {
        var unknown = () => RunQuery.Where("acuracy>0.9");
        unknown
            .Should()
            .Throw<MlopsException>()
            .Which.Message.Should()
            .StartWith("unknown field 'acuracy' (did you mean 'accuracy'?)");
        var malformed = () => RunQuery.Where("accuracy");
        malformed.Should().Throw<MlopsException>().Which.Where.Should().Be("--where");
        var notNumber = () => Runs.Where(RunQuery.Where("accuracy>high")).ToList();
        notNumber.Should().Throw<MlopsException>().WithMessage("'accuracy' is a number, got 'high'");
    }
}
