using Mlops.Core.Errors;

namespace Mlops.Data.Images;

/// <summary>
/// An 8-bit image in memory, pixels interleaved row by row (HWC): 1 = grey, 2 = grey+alpha, 3 = RGB, 4 = RGBA.
/// </summary>
public sealed class Image
{
    public Image(int width, int height, int channels, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width}x{height}");
        if (channels is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(channels), $"channels must be 1..4, got {channels}");
        if (pixels.LongLength != (long)width * height * channels)
            throw new ArgumentException(
                $"expected {(long)width * height * channels} bytes for {width}x{height}x{channels}, got "
                    + $"{pixels.Length}",
                nameof(pixels)
            );
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>A black image of the given size.</summary>
    public Image(int width, int height, int channels)
        : this(width, height, channels, new byte[checked(width * height * channels)]) { }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public byte[] Pixels { get; }

    public byte this[int x, int y, int channel]
    {
        get => Pixels[(y * Width + x) * Channels + channel];
        set => Pixels[(y * Width + x) * Channels + channel] = value;
    }

    public Image Clone() => new(Width, Height, Channels, (byte[])Pixels.Clone());

    public override string ToString() => $"{Width}x{Height}x{Channels}";

    internal static void RequireChannels(int channels, string where)
    {
        if (channels is not (1 or 3))
            throw new MlopsException($"channels must be 1 (grey) or 3 (RGB), got {channels}", where);
    }
}
