using Mlops.Core.Errors;

namespace Mlops.Data.Images;

/// <summary>
/// The eval-time pipeline a served model needs: decode (size-checked) → grey/RGB → resize → centre crop → normalised CHW floats.
/// </summary>
public sealed record ImagePreprocessor
{
    /// <summary>1 (grey) or 3 (RGB).</summary>
    public required int Channels { get; init; }
    /// <summary>Final square size fed to the model.</summary>
    public required int InputSize { get; init; }
    /// <summary>Shorter side after resizing, before the centre crop; null resizes straight to InputSize x InputSize.</summary>
    public int? ResizeShorterSideTo { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Std { get; init; }
    public long MaxPixels { get; init; } = ImageDecoder.DefaultMaxPixels;

    public int OutputLength => Channels * InputSize * InputSize;

    public float[] Run(ReadOnlySpan<byte> encoded, string source)
    {
        var result = new float[OutputLength];
        Run(encoded, source, result);
        return result;
    }

    /// <summary>Writes <see cref="OutputLength"/> floats into <paramref name="destination"/> (e.g. one slot of a batch).</summary>
    public void Run(ReadOnlySpan<byte> encoded, string source, Span<float> destination)
    {
        Image.RequireChannels(Channels, nameof(Channels));
        var decoded = ImageDecoder.Decode(encoded, source, 0, MaxPixels);
        Write(decoded, destination);
    }

    /// <summary>The same pipeline on an already decoded image.</summary>
    public void Write(Image decoded, Span<float> destination)
    {
        if (InputSize <= 0) throw new MlopsException($"input size must be positive, got {InputSize}", nameof(InputSize));
        var image = ColorConversion.ToChannels(decoded, Channels);
        if (ResizeShorterSideTo is int shorter)
        {
            if (image.Width != image.Height || image.Width != shorter)
                image = BilinearResize.ResizeShorterSide(image, shorter);
            image = Geometry.CenterCrop(image, InputSize, InputSize);
        }
        else if (image.Width != InputSize || image.Height != InputSize)
        {
            image = BilinearResize.Resize(image, InputSize, InputSize);
        }
        ChwNormalizer.Write(image, Mean, Std, destination);
    }
}
