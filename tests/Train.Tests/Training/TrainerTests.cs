using System.Text.Json.Nodes;
using Mlops.Core.Errors;
using Mlops.Torch.Serialization;
using Mlops.Train.Models;
using Mlops.Train.Runs;
using Mlops.Train.Tests.Config;
using Mlops.Train.Training;

namespace Mlops.Train.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void A_run_writes_its_folder_learns_and_is_reproducible_and_resumable()
    {
        var first = Trainer.Run(TinyRuns.Request(_scratch.File("a")));
        var run = RunFolder.Open(first.RunPath);

        run.Info.Status.Should().Be(RunStatus.Completed);
        run.Info.DataFingerprint.Should().NotBeNullOrEmpty();
        File.Exists(run.ConfigPath).Should().BeTrue();
        File.Exists(run.BestCheckpointPath).Should().BeTrue();
        File.Exists(run.LastCheckpointPath).Should().BeTrue();
        File.ReadAllText(run.LogPath).Should().Contain("epoch 3/3");
        var epochs = run.Metrics.ReadEpochs();
        epochs.Select(e => e.Epoch).Should().Equal(1, 2, 3);
        epochs[^1]
            .TrainLoss.Should()
            .BeLessThan(
                epochs[0].TrainLoss,
                "three epochs of SGD must lower the training loss: " + string.Join(", ", epochs)
            );
        run.Metrics.ReadAll().Count(r => (string?)r["kind"] == MetricsLog.StepKind).Should().BeGreaterThan(3);

        // Far better than chance (10%) after a few hundred images.
        first.Test!.Images.Should().Be(256);
        first.Test.Accuracy.Should().BeGreaterThan(0.3);
        var evaluation = JsonNode.Parse(File.ReadAllText(run.EvaluationPath))!;
        ((double)evaluation["accuracy"]!).Should().Be(first.Test.Accuracy);
        evaluation["confusion_matrix"]!.AsArray().Should().HaveCount(10);

        // Same config and seed: the same loss curve, to the last bit.
        var second = Trainer.Run(TinyRuns.Request(_scratch.File("b")));
        var again = RunFolder.Open(second.RunPath).Metrics.ReadEpochs();
        again.Select(e => e.TrainLoss).Should().Equal(epochs.Select(e => e.TrainLoss));
        again.Select(e => e.ValAccuracy).Should().Equal(epochs.Select(e => e.ValAccuracy));

        // Stopped after epoch 1, then resumed: the same curve as the uninterrupted run.
        var stopped = Trainer.Run(TinyRuns.Request(_scratch.File("c")) with { ContinueAfterEpoch = _ => false });
        stopped.Stopped.Should().BeTrue();
        RunFolder.Open(stopped.RunPath).Info.Status.Should().Be(RunStatus.Stopped);
        var resumed = Trainer.Run(TinyRuns.Request(_scratch.File("c")) with { ResumeFrom = stopped.RunPath });
        resumed.RunPath.Should().Be(stopped.RunPath);
        var resumedRun = RunFolder.Open(resumed.RunPath);
        resumedRun.Info.Status.Should().Be(RunStatus.Completed);
        resumedRun.Info.Resumes.Should().HaveCount(1);
        var resumedEpochs = resumedRun.Metrics.ReadEpochs();
        resumedEpochs.Select(e => e.Epoch).Should().Equal(1, 2, 3);
        resumedEpochs.Select(e => e.TrainLoss).Should().Equal(epochs.Select(e => e.TrainLoss));
        resumed.Test!.Accuracy.Should().Be(first.Test.Accuracy);

        // The best checkpoint evaluates on its own to the number the run recorded.
        var reevaluated = CheckpointEvaluation.Run(
            run.BestCheckpointPath,
            Data.Datasets.DatasetSpec.Parse("fashion-mnist:test"),
            subset: 256
        );
        reevaluated.Accuracy.Should().Be(first.Test.Accuracy);
    }

    [Fact]
    public void Metrics_record_the_learning_rate_each_step_and_epoch_trained_with()
    {
        // The rate divided by 10 after each epoch: every step of epoch 1 ran at optim.lr (0.02), every step of epoch 2 at 0.002.
        var outcome = Trainer.Run(
            TinyRuns.Request(
                _scratch.File("lr"),
                [
                    "train.epochs=2",
                    "schedule.name=step",
                    "schedule.step_size=1",
                    "schedule.gamma=0.1",
                    "schedule.warmup_epochs=0",
                    "train.log_every_steps=1",
                    "data.val_fraction=0",
                ]
            )
        );
        var metrics = RunFolder.Open(outcome.RunPath).Metrics;

        var steps = metrics.ReadAll().Where(r => (string?)r["kind"] == MetricsLog.StepKind).ToList();
        steps
            .Where(r => (int)r["epoch"]! == 1)
            .Select(r => (double)r["lr"]!)
            .Should()
            .NotBeEmpty()
            .And.OnlyContain(lr => Math.Abs(lr - 0.02) < 1e-12);
        steps
            .Where(r => (int)r["epoch"]! == 2)
            .Select(r => (double)r["lr"]!)
            .Should()
            .NotBeEmpty()
            .And.OnlyContain(lr => Math.Abs(lr - 0.002) < 1e-12);
        metrics
            .ReadEpochs()
            .Select(e => e.Lr)
            .Should()
            .Equal([0.02, 0.002], (actual, expected) => Math.Abs(actual - expected) < 1e-12);
    }

    [Fact]
    public void Interrupted_mid_run_the_run_is_stopped_at_its_last_epoch_and_resumes_to_the_same_steps()
    {
        var uninterrupted = RunFolder.Open(
            Trainer.Run(TinyRuns.Request(_scratch.File("whole"), ["train.epochs=2"])).RunPath
        );

        // Ctrl+C during epoch 2: the CLI cancels the token, the step loop stops at its next step.
        using var interrupt = new CancellationTokenSource();
        var request = TinyRuns.Request(_scratch.File("cut"), ["train.epochs=2"]) with
        {
            ContinueAfterEpoch = _ =>
            {
                interrupt.Cancel();
                return true;
            },
        };
        var act = () => Trainer.Run(request, interrupt.Token);
        act.Should().Throw<OperationCanceledException>();
        var stopped = RunFolder.Open(Directory.GetDirectories(_scratch.File("cut")).Single());
        stopped.Info.Status.Should().Be(RunStatus.Stopped);
        stopped.Info.Message.Should().Contain("continue with --resume " + stopped.Path);
        Checkpoints
            .ReadInfo(
                Mlops.Torch.Serialization.StateDictFile.Read(stopped.LastCheckpointPath),
                stopped.LastCheckpointPath
            )
            .Epoch.Should()
            .Be(1);

        Trainer.Run(TinyRuns.Request(_scratch.File("cut"), ["train.epochs=2"]) with { ResumeFrom = stopped.Path });

        StepCurve(RunFolder.Open(stopped.Path))
            .Should()
            .Equal(StepCurve(uninterrupted), "a resumed run repeats the uninterrupted run step by step");
    }

    /// <summary>Every metrics line but its wall-clock figures.</summary>
    private static List<string> StepCurve(RunFolder run) =>
        run
            .Metrics.ReadAll()
            .Select(record =>
                string.Join(
                    ",",
                    record
                        .Where(field => field.Key is not ("time" or "images_per_second" or "seconds"))
                        .Select(field => $"{field.Key}={field.Value?.ToJsonString()}")
                )
            )
            .ToList();

    [Fact]
    public void Progressive_resizing_trains_the_early_epochs_smaller_and_keeps_the_full_network_as_the_checkpoint()
    {
        var outcome = Trainer.Run(
            TinyRuns.Request(
                _scratch.File("p"),
                [
                    "train.progressive_resizing.min_scale=0.5",
                    "train.progressive_resizing.start_epoch=1",
                    "train.progressive_resizing.end_epoch=3",
                ]
            )
        );
        var run = RunFolder.Open(outcome.RunPath);

        run.Info.Status.Should().Be(RunStatus.Completed);
        run.Metrics.ReadEpochs().Select(e => e.TrainScale).Should().Equal(0.5, 0.75, 1);
        File.ReadAllText(run.LogPath).Should().Contain("trained at 0.5 scale").And.Contain("trained at 0.75 scale");
        outcome
            .Test!.Accuracy.Should()
            .BeGreaterThan(0.2, "twice chance after three tiny epochs, two of them on a shrunk map");
        var reevaluated = CheckpointEvaluation.Run(
            run.BestCheckpointPath,
            Data.Datasets.DatasetSpec.Parse("fashion-mnist:test"),
            subset: 256
        );
        reevaluated.Accuracy.Should().Be(outcome.Test.Accuracy, "the checkpoint is the full network the run evaluated");
    }

    [Fact]
    public void Early_stopping_waits_for_the_first_epoch_on_the_full_network()
    {
        // min_delta 1: no epoch after the first can improve, so patience 1 would stop after epoch 2 (still shrunk).
        var outcome = Trainer.Run(
            TinyRuns.Request(
                _scratch.File("e"),
                [
                    "train.epochs=4",
                    "train.early_stopping.patience=1",
                    "train.early_stopping.min_delta=1",
                    "train.progressive_resizing.min_scale=0.5",
                    "train.progressive_resizing.start_epoch=2",
                    "train.progressive_resizing.end_epoch=3",
                ]
            )
        );

        outcome.Stopped.Should().BeTrue();
        outcome.StopReason.Should().StartWith("early stopping").And.Contain("has not improved for 2 epochs (best");
        RunFolder.Open(outcome.RunPath).Metrics.ReadEpochs().Select(e => e.TrainScale).Should().Equal(0.5, 0.5, 1);
    }

    [Fact]
    public void Early_stopping_says_how_many_epochs_went_without_improvement_in_words_that_fit_one()
    {
        var outcome = Trainer.Run(
            TinyRuns.Request(
                _scratch.File("e1"),
                ["train.epochs=3", "train.early_stopping.patience=1", "train.early_stopping.min_delta=1"]
            )
        );

        outcome.Stopped.Should().BeTrue();
        outcome.EpochsCompleted.Should().Be(2, "min_delta 1: epoch 2 cannot improve on epoch 1, and patience is 1");
        outcome.StopReason.Should().Contain("has not improved for 1 epoch (best").And.Contain("at epoch 1)");
    }

    [Fact]
    public void A_diverging_loss_fails_the_run_with_a_clear_message_and_keeps_no_half_checkpoint()
    {
        // A (denormal) std of 1e-45 scales the inputs past float32: the loss cannot stay finite.
        var request = TinyRuns.Request(_scratch.File("nan"), ["data.normalize={mean: [0.0], std: [1e-45]}"]);
        var act = () => Trainer.Run(request);
        act.Should()
            .Throw<TrainingDivergedException>()
            .WithMessage("*loss became*epoch 1, step 1*lower optim.lr*")
            .Which.Message.Should()
            .Contain("no checkpoint was written", "the first epoch had not ended: there is no good checkpoint to keep");
        var run = RunFolder.Open(Directory.GetDirectories(_scratch.File("nan")).Single());
        run.Info.Status.Should().Be(RunStatus.Failed);
        Directory.GetFiles(run.CheckpointsPath).Should().BeEmpty();
    }

    [Theory]
    [InlineData(
        "data.root=/nonexistent/fashion",
        "command line (data.root)",
        "data file '/nonexistent/fashion/train-images-idx3-ubyte.gz' not found*data.root*"
    )]
    [InlineData(
        "data.dataset=imagefolder data.root=/nonexistent/images",
        "command line (data.root)",
        "image folder '/nonexistent/images' not found*"
    )]
    [InlineData("model.num_classes=5", "model.num_classes", "the data has 10 classes but model.num_classes is 5")]
    public void Data_the_run_cannot_use_is_refused_before_a_run_folder_exists(
        string overrides,
        string where,
        string message
    )
    {
        var runs = _scratch.File("refused");
        var act = () => Trainer.Run(TinyRuns.Request(runs, overrides.Split(' ')));

        act.Should().Throw<MlopsException>().Where(e => e.Where == where).WithMessage(message);
        (Directory.Exists(runs) ? Directory.GetDirectories(runs) : [])
            .Should()
            .BeEmpty("nothing ran, so no 'failed' run may be left for runs list");
    }

    [Fact]
    public void Pretrained_weights_that_cannot_be_used_are_refused_before_a_run_folder_exists()
    {
        var truncated = _scratch.File("cut.pth");
        File.WriteAllBytes(truncated, [0x50, 0x4B, 3, 4, 0, 0]);
        var otherStem = _scratch.File("small-stem.safetensors");
        using (var source = ResNets.resnet18(num_classes: 10, in_channels: 1, small_stem: true))
            source.SaveSafetensors(otherStem, source.Description.ToMetadata());

        foreach (var path in new[] { truncated, otherStem })
        {
            var runs = _scratch.File("refused");
            var act = () => Trainer.Run(TinyRuns.Request(runs, [$"model.pretrained={path}"]));

            act.Should().Throw<MlopsException>().Where(e => e.Where == path);
            (Directory.Exists(runs) ? Directory.GetDirectories(runs) : [])
                .Should()
                .BeEmpty(
                    "weights that cannot be loaded are bad input known before any training: no 'failed' run may be left for runs list"
                );
        }
    }

    [Fact]
    public void An_image_folder_that_does_not_exist_is_reported_at_the_config_line_that_names_it()
    {
        var runs = _scratch.File("refused");
        var configPath = _scratch.File("folder.yaml");
        File.WriteAllText(
            configPath,
            TinyRuns
                .Yaml(runs)
                .Replace(
                    "data: { ",
                    "data: { dataset: imagefolder, root: /nonexistent/images, ",
                    StringComparison.Ordinal
                )
        );
        var loaded = Mlops.Train.Config.TrainConfig.Load(configPath);
        var dataLine =
            File.ReadAllLines(configPath)
                .ToList()
                .FindIndex(line => line.Contains("/nonexistent/images", StringComparison.Ordinal)) + 1;

        var act = () =>
            Trainer.Run(
                new TrainRequest
                {
                    Config = loaded.Value,
                    Provenance = loaded.Provenance,
                    ResolvedYaml = loaded.ToYaml(),
                    Output = TextWriter.Null,
                    ShowProgress = false,
                }
            );

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == $"{configPath}:{dataLine} (data.root)")
            .WithMessage("image folder '/nonexistent/images' not found (expected root/<class>/*");
    }

    [Fact]
    public void A_fashion_mnist_root_without_the_idx_files_is_reported_at_the_config_line_that_names_it()
    {
        var runs = _scratch.File("refused");
        var emptyRoot = _scratch.File("no-idx-files");
        Directory.CreateDirectory(emptyRoot);
        var configPath = _scratch.File("wrong-root.yaml");
        File.WriteAllText(
            configPath,
            TinyRuns.Yaml(runs).Replace("data: { ", $"data: {{ root: '{emptyRoot}', ", StringComparison.Ordinal)
        );
        var loaded = Mlops.Train.Config.TrainConfig.Load(configPath);
        var dataLine =
            File.ReadAllLines(configPath).ToList().FindIndex(line => line.Contains(emptyRoot, StringComparison.Ordinal))
            + 1;

        var act = () =>
            Trainer.Run(
                new TrainRequest
                {
                    Config = loaded.Value,
                    Provenance = loaded.Provenance,
                    ResolvedYaml = loaded.ToYaml(),
                    Output = TextWriter.Null,
                    ShowProgress = false,
                }
            );

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == $"{configPath}:{dataLine} (data.root)")
            .WithMessage(
                $"data file '{Path.Combine(emptyRoot, "train-images-idx3-ubyte.gz")}' not found (*dataset-fashion-mnist*"
            );
    }

    [Fact]
    public void Resuming_a_completed_run_says_it_is_complete_and_leaves_the_run_as_it_was()
    {
        var done = Trainer.Run(TinyRuns.Request(_scratch.File("done"), ["train.epochs=2"]));
        var run = RunFolder.Open(done.RunPath);
        var record = File.ReadAllText(run.InfoPath);
        var evaluation = File.ReadAllText(run.EvaluationPath);

        var act = () =>
            Trainer.Run(TinyRuns.Request(_scratch.File("done"), ["train.epochs=2"]) with { ResumeFrom = done.RunPath });

        act.Should()
            .Throw<MlopsException>()
            .WithMessage("this run is complete: there is nothing to resume*model.pretrained=*last.safetensors")
            .Which.Where.Should()
            .Be(done.RunPath);
        File.ReadAllText(run.InfoPath).Should().Be(record);
        File.ReadAllText(run.EvaluationPath).Should().Be(evaluation);
    }

    [Fact]
    public void Resuming_a_run_without_a_checkpoint_says_so()
    {
        var folder = RunFolder.Create(_scratch.File("empty"), "tiny", TinyRuns.Yaml(_scratch.File("empty")), []);
        var act = () => Trainer.Run(TinyRuns.Request(_scratch.File("empty")) with { ResumeFrom = folder.Path });
        act.Should().Throw<MlopsException>().WithMessage("*no last checkpoint*");
    }

    [Fact]
    public void A_refused_resume_leaves_the_runs_record_as_it_was()
    {
        var folder = RunFolder.Create(_scratch.File("cut"), "tiny", TinyRuns.Yaml(_scratch.File("cut")), []);
        Directory.CreateDirectory(folder.CheckpointsPath);
        File.WriteAllBytes(folder.LastCheckpointPath, [0x10, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"']); // cut after 10 bytes
        var before = folder.Info;

        var act = () => Trainer.Run(TinyRuns.Request(_scratch.File("cut")) with { ResumeFrom = folder.Path });

        act.Should().Throw<MlopsException>().Where(e => e.Where == folder.LastCheckpointPath);
        RunFolder
            .Open(folder.Path)
            .Info.Should()
            .BeEquivalentTo(before, "a refused resume trained nothing, so it must not mark the run failed");
    }

    [Fact]
    public void Resuming_on_changed_data_is_refused_and_the_run_keeps_its_record()
    {
        var stopped = Trainer.Run(TinyRuns.Request(_scratch.File("d")) with { ContinueAfterEpoch = _ => false });
        var before = RunFolder.Open(stopped.RunPath).Info;
        var lastCheckpoint = File.ReadAllBytes(RunFolder.Open(stopped.RunPath).LastCheckpointPath);
        var recorded = before.DataFingerprint![..12];

        // `mlops train --resume <run> data.subset=380`: other images than the checkpoint was trained on.
        var act = () =>
            Trainer.Run(
                TinyRuns.Request(_scratch.File("d"), ["data.subset=380"]) with
                {
                    ResumeFrom = stopped.RunPath,
                }
            );

        act.Should()
            .Throw<MlopsException>()
            .Where(e =>
                e.Message.Contains("the data (fashion-mnist")
                && e.Message.Contains("changed since this run's last checkpoint")
                && e.Message.Contains(recorded)
                && e.Where == stopped.RunPath
            );
        var after = RunFolder.Open(stopped.RunPath);
        after.Info.Should().BeEquivalentTo(before, "nothing was trained on the other data");
        File.ReadAllBytes(after.LastCheckpointPath).Should().Equal(lastCheckpoint);
        after.Metrics.ReadEpochs().Select(e => e.Epoch).Should().Equal(1);
    }

    [Fact]
    public void A_foreign_file_is_not_taken_for_a_checkpoint()
    {
        var path = _scratch.File("foreign.safetensors");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        var act = () => Checkpoints.LoadModel(path);
        act.Should().Throw<MlopsException>().Where(e => e.Where == path);
    }
}
