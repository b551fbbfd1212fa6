namespace Mlops.Core.Config;

/// <summary>"Did you mean" for typos: the closest candidate by edit distance, if it is close enough.</summary>
public static class Suggestions
{
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var loose = Loose(typed);
        foreach (var candidate in candidates)
        {
            var candidateLoose = Loose(candidate);
            var distance =
                candidateLoose == loose ? 0
                : IsAbbreviation(loose, candidateLoose) ? 1
                : Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }
        return bestDistance <= Math.Max(2, typed.Length / 3) ? best : null;
    }

    /// <summary>" (did you mean 'lr'?)" or "".</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates) is { } match ? $" (did you mean '{match}'?)" : "";

    /// <summary>"optim" for "optimizer" and the reverse: one is a (3+ letter) start of the other.</summary>
    private static bool IsAbbreviation(string a, string b) =>
        Math.Min(a.Length, b.Length) >= 3
        && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal));

    private static string Loose(string text) => text.Replace("_", "").Replace("-", "").ToLowerInvariant();

    /// <summary>Levenshtein distance (insert, delete, substitute).</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(
                    Math.Min(current[j - 1] + 1, previous[j] + 1),
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                );
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
