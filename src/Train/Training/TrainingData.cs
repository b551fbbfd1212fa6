using Mlops.Core.Artifacts;
using Mlops.Core.Config;
using Mlops.Data;
using Mlops.Data.Augmentation;
using Mlops.Data.Datasets;
using Mlops.Data.FashionMnist;
using Mlops.Data.Loading;
using Mlops.Data.Normalization;
using Mlops.Data.Sampling;
using Mlops.Train.Config;
using Mlops.Train.DataSources;
using DataSetKind = Mlops.Data.Datasets.DatasetKind;

namespace Mlops.Train.Training;

/// <summary>
/// The images of a run: training and validation views cut from the training data, the test view, the
/// normalisation measured on the training part, and loaders over each. Built from the `data:` section.
/// </summary>
public sealed class TrainingData
{
    private TrainingData(PreparedData train, DatasetView test, TrainConfig config)
    {
        Prepared = train;
        Test = test;
        var augment = new AugmentOptions(
            config.Data.Augment.RandomCropPadding,
            config.Data.Augment.HorizontalFlip,
            config.Data.Augment.RandomErasing
        );
        int prefetch = Math.Max(1, config.Data.PrefetchBatches);
        TrainLoader = new DataLoader(
            train.Train,
            train.Normalization,
            new DataLoaderOptions
            {
                BatchSize = config.Train.BatchSize,
                Shuffle = true,
                DropLast = train.Train.Count > config.Train.BatchSize,
                Augment = augment,
                Seed = (ulong)config.Seed,
                PrefetchBatches = prefetch,
            }
        );
        ValidationLoader =
            train.Validation.Count == 0
                ? null
                : EvaluationLoader(train.Validation, train.Normalization, config.Train.EvalBatchSize, prefetch);
        TestLoader = EvaluationLoader(test, train.Normalization, config.Train.EvalBatchSize, prefetch);
    }

    public PreparedData Prepared { get; }
    public DatasetView Test { get; }
    public DataLoader TrainLoader { get; }
    public DataLoader? ValidationLoader { get; }
    public DataLoader TestLoader { get; }
    public IReadOnlyList<string> ClassNames => Prepared.Dataset.ClassNames;
    public ChannelStats Normalization => Prepared.Normalization;

    /// <summary>Which split the final evaluation uses: Fashion-MNIST's test set, or an image folder's validation
    /// part.</summary>
    public string TestSplitName { get; private init; } = "test";

    /// <param name="provenance">Where the config's values came from, so a data.root that does not exist is reported at
    /// its line.</param>
    public static TrainingData Load(TrainConfig config, ConfigProvenance? provenance = null)
    {
        var rootGivenAt = RootGivenAt(config, provenance);
        var root = LocalRoot(config.Data, rootGivenAt);
        var request = Request(config, TrainSpec(config, root), root) with { RootGivenAt = rootGivenAt };
        var prepared = DataPreparation.Prepare(request);
        if (prepared.Dataset.ClassNames.Count != config.Model.NumClasses)
            throw new Core.Errors.MlopsException(
                $"the data has {prepared.Dataset.ClassNames.Count} classes but model.num_classes is "
                    + $"{config.Model.NumClasses}",
                "model.num_classes"
            );
        if (config.Data.Dataset == Config.DatasetKind.FashionMnist)
        {
            // The test split is normalised with the training statistics, like any data the model will see later.
            // A test subset is drawn with a fixed seed: runs with different seeds are scored on the same images.
            var test = DataPreparation.Prepare(
                Request(config, DatasetSpec.FashionMnist(FashionMnistSplit.Test), root) with
                {
                    RootGivenAt = request.RootGivenAt,
                    ValFraction = 0,
                    Subset = config.Data.TestSubset,
                    Normalize = prepared.Normalization,
                    Seed = SubsetSampler.EvaluationSeed,
                }
            );
            return new TrainingData(prepared, test.Train, config);
        }
        // An image folder has no separate test split: the held-out validation part stands in for it.
        return new TrainingData(prepared, prepared.Validation, config)
        {
            TestSplitName = EvaluationReport.ValidationSplit,
        };
    }

    private const string RootKey = "data.root";

    /// <summary>
    /// "configs/x.yaml:4 (data.root)" when data.root was set: data missing there is reported at that line. Null for
    /// Fashion-MNIST's default folder, whose missing files are reported by path with the package to install.
    /// </summary>
    public static string? RootGivenAt(TrainConfig config, ConfigProvenance? provenance) =>
        config.Data.Root is null ? null : provenance?.Locate(RootKey) ?? RootKey;

    public static ChannelStats? GivenNormalization(NormalizeConfig normalize) =>
        normalize.IsAuto
            ? null
            : new ChannelStats(
                normalize.Mean!.Select(v => (float)v).ToArray(),
                normalize.Std!.Select(v => (float)v).ToArray()
            );

    /// <summary>The folder of this machine to read: data.root, or for an image folder in a bucket its local view
    /// (fetched into the user's data cache, only what is not there yet).</summary>
    private static string LocalRoot(DataConfig data, string? rootGivenAt)
    {
        if (!BucketImageFolder.IsBucket(data.ResolvedRoot))
            return data.ResolvedRoot;
        if (data.Dataset != Config.DatasetKind.ImageFolder)
            throw new Core.Errors.MlopsException(
                "only an image folder can be read from a bucket; Fashion-MNIST is read from a folder",
                rootGivenAt ?? RootKey
            );
        return BucketImageFolder
            .List(data.ResolvedRoot, rootGivenAt ?? RootKey)
            .Materialize(BucketImageFolder.DefaultCache());
    }

    private static DatasetSpec TrainSpec(TrainConfig config, string root) =>
        config.Data.Dataset == Config.DatasetKind.FashionMnist
            ? DatasetSpec.FashionMnist(FashionMnistSplit.Train)
            : DatasetSpec.ImageFolder(root);

    private static DataRequest Request(TrainConfig config, DatasetSpec spec, string root) =>
        new()
        {
            Spec = spec,
            FashionMnistRoot = spec.Kind == DataSetKind.FashionMnist ? root : null,
            ImageSize = config.Data.ImageSize,
            Channels = config.Model.InChannels,
            ValFraction = config.Data.ValFraction,
            Subset = config.Data.Subset,
            Seed = (ulong)config.Seed,
            Normalize = GivenNormalization(config.Data.Normalize),
        };

    private static DataLoader EvaluationLoader(DatasetView view, ChannelStats stats, int batchSize, int prefetch) =>
        new(
            view,
            stats,
            new DataLoaderOptions
            {
                BatchSize = batchSize,
                Shuffle = false,
                PrefetchBatches = prefetch,
            }
        );
}
