using Mlops.Data.Images;
using Mlops.Data.Normalization;

namespace Mlops.Data.Datasets;

/// <summary>The serving-time preprocessing that reproduces how a model's training images were prepared.</summary>
public static class ServingPreprocessing
{
    /// <param name="prepared">The training data (its data set size after sizing, channels and statistics).</param>
    /// <param name="sourceSize">The data set's native size before sizing (Fashion-MNIST: 28).</param>
    public static ImagePreprocessor For(PreparedData prepared, int sourceSize, SizeMode mode) =>
        For(prepared.Dataset.Channels, prepared.Dataset.Width, sourceSize, mode, prepared.Normalization);

    /// <param name="inputSize">The model's input size.</param>
    /// <param name="sourceSize">The images' size before being brought to inputSize.</param>
    public static ImagePreprocessor For(
        int channels,
        int inputSize,
        int sourceSize,
        SizeMode mode,
        ChannelStats stats
    ) =>
        new()
        {
            Channels = channels,
            InputSize = inputSize,
            // Pad: an upload is first brought to the size training images had, then bordered like them.
            ResizeTo = mode == SizeMode.Pad ? sourceSize : inputSize,
            Mean = stats.Mean,
            Std = stats.Std,
        };
}
