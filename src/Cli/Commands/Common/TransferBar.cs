using Spectre.Console;

namespace Mlops.Cli.Commands.Common;

/// <summary>
/// A byte bar with speed and ETA for a transfer (image push, registry push/pull); plain — no bar at all — when output
/// is not a terminal or is JSON.
/// </summary>
public static class TransferBar
{
    public static bool IsPlain(bool quiet) =>
        quiet || !AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected;

    /// <param name="work">Gets a callback that adds bytes done, or null when there is no bar.</param>
    public static async Task<T> RunAsync<T>(
        string title,
        long totalBytes,
        bool quiet,
        Func<Action<long>?, Task<T>> work
    )
    {
        if (IsPlain(quiet))
            return await work(null);
        T result = default!;
        await AnsiConsole
            .Progress()
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn()
            )
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(title), maxValue: Math.Max(1, totalBytes));
                result = await work(bytes => bar.Increment(bytes));
                bar.Value = bar.MaxValue;
            });
        return result;
    }
}

/// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
