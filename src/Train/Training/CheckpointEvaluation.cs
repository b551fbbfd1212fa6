using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data;
using Mlops.Data.Datasets;
using Mlops.Data.Loading;
using Mlops.Data.Normalization;
using Mlops.Data.Sampling;

namespace Mlops.Train.Training;

/// <summary>`mlops eval --checkpoint`: a saved model on any split, pre-processed exactly as in training.</summary>
public static class CheckpointEvaluation
{
    /// <param name="testTimeFlip">Overrides the checkpoint's own model.test_time_flip when given.</param>
    /// <param name="dataGivenAt">Where <paramref name="spec"/> was given (an option): an image folder that does not
    /// exist is reported there.</param>
    public static EvaluationResult Run(
        string checkpointPath,
        DatasetSpec spec,
        int batchSize = 500,
        int? subset = null,
        string? fashionMnistRoot = null,
        bool? testTimeFlip = null,
        string? dataGivenAt = null
    )
    {
        var (model, info) = Checkpoints.LoadModel(checkpointPath, description =>
            description with
            {
                TestTimeFlip = testTimeFlip ?? description.TestTimeFlip,
            }
        );
        using (model)
        {
            var prepared = DataPreparation.Prepare(
                new DataRequest
                {
                    Spec = spec,
                    FashionMnistRoot = fashionMnistRoot,
                    ImageSize = info.ImageSize,
                    Channels = info.InChannels,
                    Subset = subset,
                    Seed = SubsetSampler.EvaluationSeed,
                    Normalize = new ChannelStats(info.NormalizeMean, info.NormalizeStd),
                    RootGivenAt = dataGivenAt,
                }
            );
            if (prepared.Dataset.ClassNames.Count != info.NumClasses)
                throw new MlopsException(
                    $"{spec} has {prepared.Dataset.ClassNames.Count} classes but the model predicts {info.NumClasses}",
                    checkpointPath
                );
            var loader = new DataLoader(
                prepared.Train,
                prepared.Normalization,
                new DataLoaderOptions { BatchSize = batchSize, Shuffle = false }
            );
            return Evaluator.Evaluate(model, loader, info.ClassNames, spec.ToString());
        }
    }
}
