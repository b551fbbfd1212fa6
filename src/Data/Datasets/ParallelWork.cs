using System.Runtime.ExceptionServices;

namespace Mlops.Data.Datasets;

/// <summary>Parallel loops that rethrow the first error as itself (a user error stays a user error, not an
/// AggregateException).</summary>
internal static class ParallelWork
{
    public static void For(int fromInclusive, int toExclusive, Action<int> body) =>
        Unwrapped(() => Parallel.For(fromInclusive, toExclusive, body));

    /// <summary>A loop with per-thread state: <paramref name="init"/> per worker, <paramref name="finish"/> merges
    /// it.</summary>
    public static void For<TLocal>(
        int fromInclusive,
        int toExclusive,
        Func<TLocal> init,
        Func<int, TLocal, TLocal> body,
        Action<TLocal> finish
    ) => Unwrapped(() => Parallel.For(fromInclusive, toExclusive, init, (i, _, local) => body(i, local), finish));

    public static void Invoke(params Action[] actions) => Unwrapped(() => Parallel.Invoke(actions));

    private static void Unwrapped(Action work)
    {
        try
        {
            work();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // One failure is enough for the user to act on; keep its own type and stack.
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
    }
}
