using Mlops.Torch.Serialization;

namespace Mlops.Train.Models;

/// <summary>
/// Fits a pretrained first convolution to another number of input channels, as timm's adapt_input_conv:
/// to one channel the colour filters are summed (a grey image then gives what the colour model gives on
/// that grey repeated in every channel); to more channels they are repeated and scaled by 3 / channels.
/// </summary>
public static class InputChannelAdapter
{
    /// <returns>The adapted weight, or null when it cannot be adapted (other kernel, other width, not
    /// float32).</returns>
    public static TensorData? Adapt(TensorData weight, long[] targetShape)
    {
        var shape = weight.Shape;
        if (
            weight.DType != TensorDType.Float32
            || shape.Length != 4
            || targetShape.Length != 4
            || shape[0] != targetShape[0]
            || shape[2] != targetShape[2]
            || shape[3] != targetShape[3]
            || shape[1] == targetShape[1]
        )
            return null;
        long outChannels = shape[0],
            fromChannels = shape[1],
            toChannels = targetShape[1],
            kernel = shape[2] * shape[3];
        var source = weight.ToArray<float>();
        var adapted = new float[outChannels * toChannels * kernel];
        for (long o = 0; o < outChannels; o++)
        {
            for (long c = 0; c < toChannels; c++)
            {
                for (long k = 0; k < kernel; k++)
                {
                    adapted[(o * toChannels + c) * kernel + k] =
                        toChannels == 1
                            ? SumOverChannels(source, o, fromChannels, kernel, k)
                            : source[(o * fromChannels + c % fromChannels) * kernel + k] * fromChannels / toChannels;
                }
            }
        }
        return TensorData.From<float>(adapted, targetShape);
    }

    private static float SumOverChannels(float[] source, long output, long channels, long kernel, long k)
    {
        var sum = 0f;
        for (long c = 0; c < channels; c++)
            sum += source[(output * channels + c) * kernel + k];
        return sum;
    }
}
