namespace Mlops.Data.Images;

/// <summary>What an image header says, read without decoding the pixels.</summary>
public readonly record struct ImageInfo(int Width, int Height, int Channels)
{
    public long Pixels => (long)Width * Height;
}
