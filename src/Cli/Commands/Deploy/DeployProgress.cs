using Mlops.Deploy.Push;
using Spectre.Console;

namespace Mlops.Cli.Commands.Deploy;

/// <summary>Progress for `mlops deploy`: named build steps, and a byte bar with ETA for pushes (plain when not a
/// terminal).</summary>
public static class DeployProgress
{
    private static bool Plain(bool quiet) =>
        quiet || !AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected;

    public static async Task<T> StepsAsync<T>(bool quiet, string title, Func<IProgress<string>, Task<T>> work)
    {
        if (Plain(quiet))
            return await work(
                new Reporter(step =>
                {
                    if (!quiet)
                        Console.Error.WriteLine($"[{title}] {step}");
                })
            );
        T result = default!;
        await AnsiConsole
            .Status()
            .StartAsync(title, async context =>
                result = await work(new Reporter(step => context.Status($"{title}: {Markup.Escape(step)}")))
            );
        return result;
    }

    public static async Task<T> BytesAsync<T>(
        bool quiet,
        string title,
        long totalBytes,
        Func<IProgress<PushProgress>?, Task<T>> work
    )
    {
        if (Plain(quiet))
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
                result = await work(new Reporter<PushProgress>(step => bar.Increment(step.Bytes)));
                bar.Value = bar.MaxValue;
            });
        return result;
    }

    /// <summary>Reports on the calling thread, in order.</summary>
    private sealed class Reporter<TValue>(Action<TValue> report) : IProgress<TValue>
    {
        public void Report(TValue value) => report(value);
    }

    private sealed class Reporter(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
