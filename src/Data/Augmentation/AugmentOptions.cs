namespace Mlops.Data.Augmentation;

/// <summary>
/// Training-time augmentation: zero-pad by <see cref="RandomCropPadding"/> then crop back at a random offset; random
/// left-right flip; with probability <see cref="RandomErasing"/>, blank a random rectangle (see <see
/// cref="ErasedArea"/>).
/// </summary>
public sealed record AugmentOptions(int RandomCropPadding = 0, bool HorizontalFlip = false, double RandomErasing = 0)
{
    public static AugmentOptions None { get; } = new();

    public bool IsNone => RandomCropPadding == 0 && !HorizontalFlip && RandomErasing == 0;
}
