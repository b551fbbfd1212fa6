using Spectre.Console;

namespace Mlops.Cli.Commands.Common;

/// <summary>
/// The commands' progress bars with ETA: bytes with their speed for a transfer (image push, registry push/pull), or
/// items done (images predicted); plain — no bar at all — when output is not a terminal or is JSON.
/// </summary>
public static class ProgressBars
{
    public static bool IsPlain(bool quiet) =>
        quiet || !AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected;

    /// <param name="work">Gets a callback that adds bytes done, or null when there is no bar.</param>
    public static Task<T> BytesAsync<T>(string title, long totalBytes, bool quiet, Func<Action<long>?, Task<T>> work) =>
        IsPlain(quiet)
            ? work(null)
            : DrawAsync(title, totalBytes, new TransferSpeedColumn(), bar => work(bytes => bar.Increment(bytes)));

    /// <param name="work">Gets where to report the count done so far, or null when there is no bar.</param>
    public static Task<T> CountAsync<T>(string title, long total, Func<IProgress<int>?, Task<T>> work) =>
        IsPlain(quiet: false)
            ? work(null)
            : DrawAsync(title, total, new ElapsedTimeColumn(), bar =>
                work(new Progress<int>(done => bar.Value = done))
            );

    private static async Task<T> DrawAsync<T>(
        string title,
        long total,
        ProgressColumn rateColumn,
        Func<ProgressTask, Task<T>> work
    )
    {
        T result = default!;
        await AnsiConsole
            .Progress()
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                rateColumn,
                new RemainingTimeColumn()
            )
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total));
                result = await work(bar);
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
