using Mlops.Data.Images;

namespace Mlops.Data.ImageFolder;

public sealed record ImageFolderOptions
{
    /// <summary>1 (grey) or 3 (RGB, the default, as torchvision's ImageFolder converts to RGB).</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Square size every image is resized to (bilinear); null requires all images to share one size.</summary>
    public int? ImageSize { get; init; }
    public long MaxPixels { get; init; } = ImageDecoder.DefaultMaxPixels;

    /// <summary>Where the root was given (a config key and line, an option), named when it does not exist; null names
    /// the path.</summary>
    public string? RootGivenAt { get; init; }

    /// <summary>Told (files decoded, total files) as decoding goes, for a progress bar; called from worker
    /// threads.</summary>
    public IProgress<(int Done, int Total)>? Progress { get; init; }
}
