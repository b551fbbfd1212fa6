using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Datasets;
using Mlops.Data.Loading;
using Mlops.Data.Normalization;
using Mlops.Data.Sampling;
using Mlops.Train.Config;
using Mlops.Train.Runs;

namespace Mlops.Train.Training;

/// <summary>
/// `mlops eval --checkpoint runs/x/checkpoints/best.safetensors --split train|val|test`: a checkpoint on a split of its
/// own run, cut exactly as the run cut it (the run's config.yaml: data set, subset, val_fraction, seed, test_subset)
/// and
/// computed as it trained (layout, precision), so `--split val` gives back the validation accuracy the run recorded.
/// </summary>
public static class RunSplitEvaluation
{
    public const string Train = "train";
    public const string Validation = "val";
    public const string Test = "test";
    public static readonly IReadOnlyList<string> Splits = [Train, Validation, Test];

    /// <param name="testTimeFlip">Overrides the checkpoint's own model.test_time_flip when given.</param>
    /// <param name="subset">
    /// Score only this many images of the split: the class-balanced sample `--data --subset` takes (seed
    /// <see cref="SubsetSampler.EvaluationSeed"/>), the same images every time; not the first N, since a split's
    /// images are in data set order and an image folder's are sorted by class.
    /// </param>
    public static EvaluationResult Run(
        string checkpointPath,
        string split,
        int batchSize = 500,
        bool? testTimeFlip = null,
        int? subset = null
    )
    {
        if (!Splits.Contains(split))
            throw new MlopsException($"unknown split '{split}' (known: {string.Join(", ", Splits)})", "--split");
        var (model, info) = Checkpoints.LoadModel(checkpointPath, description =>
            description with
            {
                TestTimeFlip = testTimeFlip ?? description.TestTimeFlip,
            }
        );
        using (model)
        {
            var (view, name, config) = Cut(checkpointPath, split, info.Run, info.DataFingerprint, "--split", "--data");
            var scored = Sample(view, subset);
            var loader = InOrder(scored, info, batchSize);
            var compute = ComputeMode.ApplyTo(model, config.Train);
            var label =
                $"{name} split of run {info.Run}"
                + (subset is null ? "" : $" (--subset: {scored.Count} of its {view.Count} images)");
            return Evaluator.Evaluate(model, loader, info.ClassNames, label, compute: compute);
        }
    }

    /// <summary>
    /// A split of a checkpoint's own run, cut as the run cut it ("test" is its validation part when the data has no
    /// test split). Refused, at <paramref name="where"/>, when the data has changed since the run trained.
    /// </summary>
    /// <param name="dataOption">the option that names other data instead, for the advice in errors.</param>
    public static (DatasetView View, string Name, TrainConfig Config) Cut(
        string checkpointPath,
        string split,
        string runName,
        string dataFingerprint,
        string where,
        string dataOption
    )
    {
        var run = RunFolder.OfCheckpoint(checkpointPath)
            ?? throw new MlopsException(
                $"'{checkpointPath}' is not in a run folder (<run>/{RunFolder.CheckpointsFolder}/), so its splits are "
                    + $"unknown: name the data with {dataOption} instead",
                where
            );
        var loaded = TrainConfig.Load(run.ConfigPath);
        var config = loaded.Value;
        var data = TrainingData.Load(config, loaded.Provenance);
        // Same fingerprint = same images in the same order, hence the same cut into train and val.
        var fingerprint = data.Prepared.Fingerprint.ViewSha256;
        if (fingerprint != dataFingerprint)
            throw new MlopsException(
                $"the data set has changed since run '{runName}' trained (fingerprint {Short(fingerprint)}, "
                    + $"the checkpoint recorded {Short(dataFingerprint)}): its {split} split can no longer be cut as "
                    + $"it was; "
                    + $"use {dataOption}",
                where
            );
        var (view, name) = split switch
        {
            Train => (data.Prepared.Train, "train"),
            Validation => (data.Prepared.Validation, "validation"),
            _ => (data.Test, data.TestSplitName),
        };
        if (view.Count == 0)
            throw new MlopsException(
                $"run '{runName}' held out no validation images (data.val_fraction is {config.Data.ValFraction})",
                where
            );
        return (view, name, config);
    }

    /// <summary>
    /// <paramref name="subset"/> images of the split (all when null or larger): the class-balanced sample `--data
    /// --subset` takes, the same images every time; not the first N, as an image folder's are sorted by class.
    /// </summary>
    public static DatasetView Sample(DatasetView view, int? subset) =>
        subset is int count ? SubsetSampler.Take(view, count, SubsetSampler.EvaluationSeed) : view;

    /// <summary>The images in order, normalised as the checkpoint trained.</summary>
    public static DataLoader InOrder(DatasetView images, CheckpointInfo info, int batchSize) =>
        new(
            images,
            new ChannelStats(info.NormalizeMean, info.NormalizeStd),
            new DataLoaderOptions { BatchSize = batchSize, Shuffle = false }
        );

    private static string Short(string fingerprint) => fingerprint.Length > 12 ? fingerprint[..12] : fingerprint;
}
