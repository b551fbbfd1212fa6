using System.Text.Json.Nodes;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Train.Runs;
using Mlops.Train.Tests.Config;

namespace Mlops.Train.Tests.Runs;

public class RunFolderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 5, TimeSpan.Zero);

    [Fact]
    public void Creates_the_folder_with_config_and_run_info()
    {
        using var scratch = new ScratchFolder();

        var run = RunFolder.Create(scratch.Path, "quick", "name: quick\n", ["train", "--config", "q.yaml"], Noon);

        run.Name.Should().Be("quick-20261121-120005");
        File.ReadAllText(run.ConfigPath).Should().Be("name: quick\n");
        Directory.Exists(run.CheckpointsPath).Should().BeTrue();
        var reopened = RunFolder.Open(run.Path).Info;
        reopened.Status.Should().Be(RunStatus.Running);
        reopened.Prefix.Should().Be("quick");
        reopened.CreatedUtc.Should().Be(Noon);
        reopened.CommandLine.Should().Equal("train", "--config", "q.yaml");
        reopened.GitCommit.Should().MatchRegex("^[0-9a-f]{40}$", "the tests run inside the project's git checkout");
        reopened.GitDirty.Should().NotBeNull();
        File.ReadAllText(run.InfoPath).Should().Contain("\"status\": \"running\"").And.Contain("\"created_utc\"");
    }

    [Fact]
    public void The_run_records_the_commit_of_the_repository_holding_the_experiment_file_not_the_working_folders()
    {
        using var scratch = new ScratchFolder();
        var experiments = Directory.CreateDirectory(scratch.File("experiments")).FullName;
        File.WriteAllText(System.IO.Path.Combine(experiments, "exp.yaml"), "name: exp\n");
        Git(experiments, "init", "-q");
        Git(experiments, "add", "exp.yaml");
        Git(experiments, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "experiment");
        var experimentsCommit = Git(experiments, "rev-parse", "HEAD");

        var run = RunFolder.Create(scratch.File("runs"), "exp", "", [], Noon, sourceFolder: experiments);

        var info = RunFolder.Open(run.Path).Info;
        info.GitCommit.Should()
            .Be(experimentsCommit, "the tests run inside the project's checkout, whose commit is another");
        info.GitDirty.Should().BeFalse("everything in that repository is committed");
    }

    [Fact]
    public void An_experiment_file_outside_any_repository_falls_back_to_the_working_folders_commit()
    {
        using var scratch = new ScratchFolder();

        var run = RunFolder.Create(scratch.File("runs"), "exp", "", [], Noon, sourceFolder: scratch.Path);

        RunFolder.Open(run.Path).Info.GitCommit.Should().Be(Git(Directory.GetCurrentDirectory(), "rev-parse", "HEAD"));
    }

    private static string Git(string folder, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(folder);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"git {string.Join(' ', arguments)} in {folder}");
        return output;
    }

    [Fact]
    public void Runs_started_in_the_same_second_get_distinct_folders()
    {
        using var scratch = new ScratchFolder();

        var names = Enumerable
            .Range(0, 8)
            .AsParallel()
            .Select(_ => RunFolder.Create(scratch.Path, "sweep", "", [], Noon).Name)
            .ToList();

        names
            .Should()
            .OnlyHaveUniqueItems()
            .And.Contain("sweep-20261121-120005")
            .And.Contain("sweep-20261121-120005-8");
        Directory.GetDirectories(scratch.Path).Should().HaveCount(8);
    }

    [Fact]
    public void Status_changes_are_stored_and_a_resume_is_recorded()
    {
        using var scratch = new ScratchFolder();
        var run = RunFolder.Create(scratch.Path, "r", "", [], Noon);

        run.SetDataFingerprint("abc123");
        run.MarkStopped("interrupted");
        RunFolder
            .Open(run.Path)
            .Info.Should()
            .Match<RunInfo>(info =>
                info.Status == RunStatus.Stopped
                && info.Message == "interrupted"
                && info.FinishedUtc != null
                && info.DataFingerprint == "abc123"
            );

        var resumed = RunFolder.Open(run.Path);
        resumed.MarkResumed(["train", "--resume", run.Path]);
        resumed.MarkFailed("loss is NaN at epoch 3");

        var info = RunFolder.Open(run.Path).Info;
        info.Status.Should().Be(RunStatus.Failed);
        info.Message.Should().Be("loss is NaN at epoch 3");
        info.Resumes.Should().ContainSingle().Which.CommandLine.Should().Equal("train", "--resume", run.Path);
        Directory.GetFiles(run.Path).Select(Path.GetFileName).Should().BeEquivalentTo("run.json", "config.yaml");
    }

    [Fact]
    public void Metrics_are_appended_one_json_object_per_line()
    {
        using var scratch = new ScratchFolder();
        var run = RunFolder.Create(scratch.Path, "m", "", [], Noon);

        run.Metrics.AppendStep(new StepMetrics(1, 10, 2.25, 0.125, 0.1, 512.5));
        run.Metrics.AppendEpoch(new EpochMetrics(1, 20, 1.5, 0.5, 1.25, 0.625, 0.09, 500, 12.5));
        run.Metrics.Append("note", new { Epoch = 1, Text = "custom" });

        var lines = File.ReadAllLines(run.Metrics.Path);
        lines.Should().HaveCount(3);
        lines[0]
            .Should()
            .StartWith("{\"kind\":\"step\",\"time\":\"")
            .And.Contain("\"images_per_second\":512.5")
            .And.Contain("\"loss\":2.25");
        var epochs = run.Metrics.ReadEpochs();
        epochs.Should().Equal(new EpochMetrics(1, 20, 1.5, 0.5, 1.25, 0.625, 0.09, 500, 12.5));
        ((string?)run.Metrics.ReadAll()[2]["text"]).Should().Be("custom");
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_resume_drops_later_epochs()
    {
        using var scratch = new ScratchFolder();
        var run = RunFolder.Create(scratch.Path, "t", "", [], Noon);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            run.Metrics.AppendStep(new StepMetrics(epoch, epoch * 10, 1, 0.5, 0.1, 100));
            run.Metrics.AppendEpoch(new EpochMetrics(epoch, epoch * 10, 1, 0.5, 1, 0.5, 0.1, 100, 1));
        }
        File.AppendAllText(run.Metrics.Path, "{\"kind\":\"step\",\"epo");

        run.Metrics.ReadAll().Should().HaveCount(6);

        run.Metrics.TruncateAfterEpoch(2);
        run.Metrics.ReadAll().Select(record => (int)record["epoch"]!).Should().Equal(1, 1, 2, 2);
        run.Metrics.AppendEpoch(new EpochMetrics(3, 30, 1, 0.5, 1, 0.5, 0.1, 100, 1));
        run.Metrics.ReadEpochs().Select(epoch => epoch.Epoch).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Epoch_lines_written_before_progressive_resizing_read_as_the_full_network()
    {
        using var scratch = new ScratchFolder();
        var run = RunFolder.Create(scratch.Path, "old", "", [], Noon);
        const string WrittenBefore =
            "{\"kind\":\"epoch\",\"time\":\"2026-11-21T12:00:00Z\",\"epoch\":1,\"step\":20,\"train_loss\":1.5,"
            + "\"train_accuracy\":0.5,\"val_loss\":1.25,\"val_accuracy\":0.625,\"lr\":0.09,\"images_per_second\":500,\"seconds\":12.5}\n";
        File.AppendAllText(run.Metrics.Path, WrittenBefore);
        run.Metrics.AppendEpoch(new EpochMetrics(2, 40, 1, 0.6, 1, 0.7, 0.05, 400, 15, TrainScale: 0.75));

        run.Metrics.ReadEpochs().Select(epoch => epoch.TrainScale).Should().Equal(1, 0.75);
        File.ReadLines(run.Metrics.Path).Last().Should().Contain("\"train_scale\":0.75");
    }

    [Fact]
    public void Opening_something_that_is_not_a_run_says_so()
    {
        using var scratch = new ScratchFolder();

        var missing = () => RunFolder.Open(scratch.File("nope"));
        missing.Should().Throw<MlopsException>().WithMessage("run folder not found");

        var notRun = () => RunFolder.Open(scratch.Path);
        notRun.Should().Throw<MlopsException>().WithMessage("not a run folder: run.json is missing");

        File.WriteAllText(scratch.File("run.json"), "{ broken");
        notRun.Should().Throw<MlopsException>().Which.Where.Should().Be(scratch.File("run.json"));
    }

    [Fact]
    public void The_evaluation_is_written_with_snake_case_keys_and_read_back_typed()
    {
        using var scratch = new ScratchFolder();
        var run = RunFolder.Create(scratch.Path, "e", "", [], Noon);
        var report = new EvaluationReport
        {
            Split = "test",
            Images = 2,
            Loss = 0.1,
            Accuracy = 0.95,
            Epoch = 3,
            Checkpoint = "best",
            PerClass = [new ClassAccuracy(0, "a", 1, 0.9), new ClassAccuracy(1, "b", 1, 1.0)],
            ConfusionMatrix =
            [
                [1, 0],
                [0, 1],
            ],
        };

        EvaluationReportFile.Write(run.EvaluationPath, report);

        var json = JsonNode.Parse(File.ReadAllText(run.EvaluationPath))!;
        ((double)json["accuracy"]!).Should().Be(0.95);
        json["per_class"]!.AsArray().Should().HaveCount(2);
        ((long)json["confusion_matrix"]![1]![1]!).Should().Be(1);
        json.AsObject().ContainsKey("data").Should().BeFalse("absent fields are left out");
        var read = EvaluationReportFile.Read(run.EvaluationPath)!;
        read.Should().BeEquivalentTo(report);
        read.IsTestFigure.Should().BeTrue();
    }

    [Fact]
    public void An_evaluation_file_that_is_not_one_is_an_error_naming_it()
    {
        using var scratch = new ScratchFolder();
        var path = Path.Combine(scratch.Path, "evaluation.json");
        File.WriteAllText(path, """{"accuracy": "high"}""");

        FluentActions
            .Invoking(() => EvaluationReportFile.Read(path))
            .Should()
            .Throw<Mlops.Core.Errors.MlopsException>()
            .Which.Where.Should()
            .Be(path);
        EvaluationReportFile.Read(Path.Combine(scratch.Path, "none.json")).Should().BeNull();
    }
}
