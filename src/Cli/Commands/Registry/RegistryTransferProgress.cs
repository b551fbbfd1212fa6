using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>A progress bar with speed and ETA over the bytes of a push or pull (skipped when output is not a terminal
/// or is JSON).</summary>
public static class RegistryTransferProgress
{
    public static async Task<T> RunAsync<T>(
        string title,
        long totalBytes,
        bool quiet,
        Func<IProgress<TransferProgress>?, Task<T>> work
    )
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
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
                var finished = 0L;
                var current = (File: "", Done: 0L);
                var progress = new SynchronousProgress(p =>
                {
                    if (p.File != current.File)
                    {
                        finished += current.Done;
                        current = (p.File, 0);
                    }
                    current.Done = p.Done;
                    bar.Value = finished + current.Done;
                });
                result = await work(progress);
                bar.Value = bar.MaxValue;
            });
        return result;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, out of
    /// order).</summary>
    private sealed class SynchronousProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
