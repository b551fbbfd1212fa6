namespace Mlops.Data.Sampling;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by this code alone (System.Random's may change between
/// .NET versions), so a seed reproduces the same splits, shuffles and augmentations everywhere.
/// </summary>
public sealed class SeededRandom
{
    private ulong _state;

    public SeededRandom(ulong seed) => _state = seed;

    /// <summary>An independent stream for (seed, a, b...), e.g. (seed, epoch) or (seed, epoch, sample).</summary>
    public static SeededRandom Derive(ulong seed, params ReadOnlySpan<ulong> keys)
    {
        ulong state = Mix(seed ^ 0x6A09E667F3BCC908UL);
        foreach (var key in keys)
            state = Mix(state ^ Mix(key + 0x9E3779B97F4A7C15UL));
        return new SeededRandom(state);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, maxExclusive) (multiply-high; the bias is below 2^-32 for any int bound).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        return (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
    }

    public bool NextBool() => (NextUInt64() >> 63) != 0;

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher–Yates.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
