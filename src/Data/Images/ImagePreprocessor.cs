using System.Text.Json.Serialization;
using Mlops.Core.Errors;

namespace Mlops.Data.Images;

/// <summary>
/// The eval-time pipeline a served model needs: decode (size-checked) → grey/RGB → resize → centre crop or
/// pad →
/// normalised CHW floats. Plain properties, so a model card can store it as JSON and the server rebuild it.
/// </summary>
public sealed record ImagePreprocessor
{
    /// <summary>1 (grey) or 3 (RGB).</summary>
    public required int Channels { get; init; }

    /// <summary>Final square size fed to the model.</summary>
    public required int InputSize { get; init; }

    /// <summary>Square size images are resized to before the centre crop/pad; null means InputSize (no crop, no
    /// pad).</summary>
    public int? ResizeTo { get; init; }

    /// <summary>Alternative to ResizeTo: shorter side after resizing, keeping the aspect ratio (torchvision's
    /// Resize(int)).</summary>
    public int? ResizeShorterSideTo { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Std { get; init; }
    public long MaxPixels { get; init; } = ImageDecoder.DefaultMaxPixels;

    [JsonIgnore]
    public int OutputLength => Channels * InputSize * InputSize;

    public float[] Run(ReadOnlySpan<byte> encoded, string source)
    {
        var result = new float[OutputLength];
        Run(encoded, source, result);
        return result;
    }

    /// <summary>Writes <see cref="OutputLength"/> floats into <paramref name="destination"/> (e.g. one slot of a
    /// batch).</summary>
    public void Run(ReadOnlySpan<byte> encoded, string source, Span<float> destination)
    {
        Validate();
        Write(ImageDecoder.Decode(encoded, source, 0, MaxPixels), destination);
    }

    /// <summary>The same pipeline on an already decoded image.</summary>
    public void Write(Image decoded, Span<float> destination)
    {
        Validate();
        var image = ColorConversion.ToChannels(decoded, Channels);
        if (ResizeShorterSideTo is int shorter)
        {
            if (Math.Min(image.Width, image.Height) != shorter)
                image = BilinearResize.ResizeShorterSide(image, shorter);
        }
        else
        {
            int size = ResizeTo ?? InputSize;
            if (image.Width != size || image.Height != size)
                image = BilinearResize.Resize(image, size, size);
        }
        // Crops a larger image, pads a smaller one (e.g. 28 → 32 as in training with size mode "pad").
        if (image.Width != InputSize || image.Height != InputSize)
            image = Geometry.CenterCrop(image, InputSize, InputSize);
        ChwNormalizer.Write(image, Mean, Std, destination);
    }

    private void Validate()
    {
        Image.RequireChannels(Channels, "preprocess.channels");
        if (InputSize <= 0)
            throw new MlopsException($"input size must be positive, got {InputSize}", "preprocess.input_size");
        if (ResizeTo is <= 0 || ResizeShorterSideTo is <= 0)
            throw new MlopsException("resize sizes must be positive", "preprocess.resize_to");
    }
}
