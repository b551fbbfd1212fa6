using Mlops.Data.Datasets;
using Mlops.Data.Fingerprints;
using Mlops.Data.Normalization;

namespace Mlops.Data;

/// <summary>A loaded data set cut into its training and validation views, with the statistics and fingerprint of the
/// run.</summary>
public sealed record PreparedData(
    ImageDataset Dataset,
    DatasetView Train,
    DatasetView Validation,
    ChannelStats Normalization,
    DatasetFingerprint Fingerprint
);
