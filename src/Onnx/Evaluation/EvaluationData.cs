using Mlops.Core.Errors;
using Mlops.Data;
using Mlops.Data.Datasets;
using Mlops.Data.Loading;
using Mlops.Data.Normalization;

namespace Mlops.Onnx.Evaluation;

/// <summary>Opens a data set split prepared the way a model expects (its size, channels, normalisation), in a fixed
/// order.</summary>
public static class EvaluationData
{
    public static DataLoader Open(
        DatasetSpec spec,
        Preprocessing preprocessing,
        int batchSize,
        int? subset = null,
        string? fashionMnistRoot = null,
        ulong seed = 0,
        string where = "--data",
        string? dataGivenAt = null
    )
    {
        var prepared = DataPreparation.Prepare(
            new DataRequest
            {
                Spec = spec,
                FashionMnistRoot = fashionMnistRoot,
                ImageSize = preprocessing.ImageSize,
                Channels = preprocessing.Channels,
                Subset = subset,
                Seed = seed,
                Normalize = new ChannelStats(preprocessing.Mean, preprocessing.Std),
                RootGivenAt = dataGivenAt,
            }
        );
        if (prepared.Dataset.ClassNames.Count != preprocessing.Labels.Count)
            throw new MlopsException(
                $"{spec} has {prepared.Dataset.ClassNames.Count} classes but the model predicts "
                    + $"{preprocessing.Labels.Count}",
                where
            );
        return new DataLoader(
            prepared.Train,
            prepared.Normalization,
            new DataLoaderOptions
            {
                BatchSize = batchSize,
                Shuffle = false,
                PrefetchBatches = 1,
            }
        );
    }
}
