using Mlops.Core.Errors;
using Mlops.Tests.Shared;
using Mlops.Train.Runs;
using Mlops.Train.Tests.Config;
using Mlops.Train.Training;

namespace Mlops.Train.Tests.Training;

/// <summary>`mlops eval --checkpoint … --split train|val|test` on a real tiny run: each split is the one the run used.</summary>
public sealed class RunSplitEvaluationTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Each_split_is_cut_as_the_run_cut_it_and_scores_what_the_run_recorded()
    {
        var result = Trainer.Run(TinyRuns.Request(_scratch.File("runs")));
        var run = RunFolder.Open(result.RunPath);
        var (model, best) = Checkpoints.LoadModel(run.BestCheckpointPath);
        model.Dispose();

        // 2% of the 60,000 training images held out (stratified, by the run's seed), then 384 of the rest trained on:
        // the validation accuracy of the best epoch comes back to the bit.
        var validation = RunSplitEvaluation.Run(run.BestCheckpointPath, "val");
        validation.Images.Should().Be(1200);
        validation.Accuracy.Should().Be(best.ValAccuracy!.Value);
        validation.Split.Should().Be($"validation split of run {run.Name}");

        var test = RunSplitEvaluation.Run(run.BestCheckpointPath, "test");
        test.Images.Should().Be(256, "data.test_subset of the run");
        test.Accuracy.Should().Be(result.Test!.Accuracy);

        var train = RunSplitEvaluation.Run(run.BestCheckpointPath, "train", batchSize: 100);
        train.Images.Should().Be(384, "data.subset of the run");
        train.Accuracy.Should().BeGreaterThan(0.3, "the network was trained on these images");

        var unknown = () => RunSplitEvaluation.Run(run.BestCheckpointPath, "validation");
        unknown
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == "--split")
            .WithMessage("*unknown split 'validation'*train, val, test*");
    }

    [Fact]
    public void A_subset_of_a_split_scores_that_many_of_its_images_class_balanced_the_same_every_time()
    {
        var result = Trainer.Run(TinyRuns.Request(_scratch.File("runs"), ["train.epochs=2"]));
        var run = RunFolder.Open(result.RunPath);
        var (model, best) = Checkpoints.LoadModel(run.BestCheckpointPath);
        model.Dispose();

        var first = RunSplitEvaluation.Run(run.BestCheckpointPath, "val", subset: 100);
        var again = RunSplitEvaluation.Run(run.BestCheckpointPath, "val", subset: 100);

        first.Images.Should().Be(100);
        first.Split.Should().Be($"validation split of run {run.Name} (--subset: 100 of its 1200 images)");
        first
            .PerClass.Select(c => c.Images)
            .Should()
            .AllBeEquivalentTo(10, "1,200 stratified validation images hold 120 of each class");
        again.ConfusionMatrix.Should().BeEquivalentTo(first.ConfusionMatrix, options => options.WithStrictOrdering());
        // A subset as large as the split is the whole split: the validation accuracy the run recorded.
        var whole = RunSplitEvaluation.Run(run.BestCheckpointPath, "val", subset: 5000);
        whole.Images.Should().Be(1200);
        whole.Accuracy.Should().Be(best.ValAccuracy!.Value);
        RunSplitEvaluation
            .Run(run.BestCheckpointPath, "test", subset: 64)
            .Images.Should()
            .Be(64, "64 of the run's 256 test images");
    }

    [Fact]
    public void A_runs_image_folder_that_is_gone_is_reported_at_the_line_of_the_runs_config_that_names_it()
    {
        var root = TinyImageFolder.Write(_scratch.File("images"));
        var result = Trainer.Run(
            TinyRuns.Request(
                _scratch.File("runs"),
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
        var run = RunFolder.Open(result.RunPath);
        Directory.Delete(root, recursive: true);
        var rootLine =
            File.ReadAllLines(run.ConfigPath).ToList().FindIndex(line => line.Contains(root, StringComparison.Ordinal))
            + 1;

        var gone = () => RunSplitEvaluation.Run(run.BestCheckpointPath, "val");

        rootLine.Should().BePositive();
        gone.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == $"{run.ConfigPath}:{rootLine} (data.root)")
            .WithMessage($"image folder '{root}' not found*");
    }

    [Fact]
    public void A_split_that_cannot_be_cut_as_it_was_is_refused_with_the_reason()
    {
        var result = Trainer.Run(TinyRuns.Request(_scratch.File("runs"), ["train.epochs=2", "data.val_fraction=0"]));
        var run = RunFolder.Open(result.RunPath);

        var noValidation = () => RunSplitEvaluation.Run(run.BestCheckpointPath, "val");
        noValidation.Should().Throw<MlopsException>().WithMessage("*held out no validation images*data.val_fraction*");

        // A checkpoint copied out of its run folder has no config to cut the data by.
        var loose = _scratch.File("loose.safetensors");
        File.Copy(run.BestCheckpointPath, loose);
        var outside = () => RunSplitEvaluation.Run(loose, "test");
        outside.Should().Throw<MlopsException>().WithMessage("*not in a run folder*--data*");

        // The run's config now names other images (one fewer): the fingerprint no longer matches the checkpoint's.
        var config = File.ReadAllText(run.ConfigPath);
        config.Should().Contain("subset: 384");
        File.WriteAllText(run.ConfigPath, config.Replace("subset: 384", "subset: 383", StringComparison.Ordinal));
        var changed = () => RunSplitEvaluation.Run(run.BestCheckpointPath, "train");
        changed.Should().Throw<MlopsException>().WithMessage("*data set has changed since run*fingerprint*");
    }
}
