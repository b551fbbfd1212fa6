using Mlops.Data.Datasets;
using Mlops.Data.FashionMnist;
using Mlops.Data.Fingerprints;
using Mlops.Data.ImageFolder;
using Mlops.Data.Images;
using Mlops.Data.Normalization;
using Mlops.Data.Sampling;

namespace Mlops.Data;

/// <summary>
/// The one call a trainer or evaluator makes: load → input size/channels → split → subset → statistics →
/// fingerprint.
/// The validation part is cut from the full data set before any subset, so it stays the same whatever the subset.
/// </summary>
public static class DataPreparation
{
    public static PreparedData Prepare(DataRequest request)
    {
        var dataset = Load(request);
        var all = DatasetView.All(dataset);
        var (train, validation) =
            request.ValFraction > 0
                ? DatasetSplitter.Split(all, request.ValFraction, request.Seed, request.Stratified)
                : (all, new DatasetView(dataset, []));
        if (request.Subset is int subset)
            train = SubsetSampler.Take(train, subset, request.Seed, request.Stratified);
        if (request.ValSubset is int valSubset && validation.Count > 0)
            validation = SubsetSampler.Take(validation, valSubset, request.Seed, request.Stratified);

        var stats = request.Normalize?.Validated(dataset.Channels) ?? ChannelStats.Compute(train);
        var fingerprint = DatasetFingerprint.Create(
            request.Spec.ToString(),
            dataset.ContentSha256,
            [
                new("image_size", request.ImageSize),
                new("size_mode", request.ImageSize is null ? null : request.SizeMode.ToString().ToLowerInvariant()),
                new("channels", dataset.Channels),
                new("val_fraction", request.ValFraction),
                new("stratified", request.Stratified),
                new("subset", request.Subset),
                new("val_subset", request.ValSubset),
                new("seed", request.Seed),
                new("train_count", train.Count),
                new("val_count", validation.Count),
            ]
        );
        return new PreparedData(dataset, train, validation, stats, fingerprint);
    }

    private static ImageDataset Load(DataRequest request)
    {
        ImageDataset dataset;
        if (request.Spec.Kind == DatasetKind.FashionMnist)
        {
            dataset = FashionMnistDataset.Load(request.Spec.Split, request.FashionMnistRoot, request.RootGivenAt);
            if (request.ImageSize is int size)
                dataset = InputSizing.Apply(dataset, size, request.SizeMode);
            if (request.Channels is int channels && channels != dataset.Channels)
            {
                Image.RequireChannels(channels, "data.channels");
                dataset = dataset.Map(image => ColorConversion.ToChannels(image, channels));
            }
            return dataset;
        }
        // ImageFolder decodes straight to the channels and size asked for: one pass over possibly large photos.
        bool pad = request.SizeMode == SizeMode.Pad;
        dataset = ImageFolderDataset.Load(
            request.Spec.Path!,
            new ImageFolderOptions
            {
                Channels = request.Channels ?? 3,
                ImageSize = pad ? null : request.ImageSize,
                MaxPixels = request.MaxPixels,
                RootGivenAt = request.RootGivenAt,
            }
        );
        return pad && request.ImageSize is int padTo ? InputSizing.Apply(dataset, padTo, SizeMode.Pad) : dataset;
    }
}
