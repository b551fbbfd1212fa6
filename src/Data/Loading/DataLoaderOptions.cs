using Mlops.Data.Augmentation;

namespace Mlops.Data.Loading;

public sealed record DataLoaderOptions
{
    public int BatchSize { get; init; } = 128;

    /// <summary>A new seeded order every epoch (training); false keeps the view's order (evaluation).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Skip a last batch smaller than BatchSize (keeps BatchNorm statistics steady).</summary>
    public bool DropLast { get; init; }
    public AugmentOptions Augment { get; init; } = AugmentOptions.None;
    public ulong Seed { get; init; }

    /// <summary>Batches prepared ahead of the consumer by the background thread; 0 prepares them on the consumer's
    /// thread.</summary>
    public int PrefetchBatches { get; init; } = 4;
}
