using Mlops.Cli.Commands.Common;
using Mlops.Deploy.Push;
using Spectre.Console;

namespace Mlops.Cli.Commands.Deploy;

/// <summary>Progress for `mlops deploy`: named build steps, and a byte bar with ETA for pushes (plain when not a
/// terminal).</summary>
public static class DeployProgress
{
    public static async Task<T> StepsAsync<T>(bool quiet, string title, Func<IProgress<string>, Task<T>> work)
    {
        if (ProgressBars.IsPlain(quiet))
            return await work(
                new SynchronousProgress<string>(step =>
                {
                    if (!quiet)
                        Console.Error.WriteLine($"[{title}] {step}");
                })
            );
        T result = default!;
        await AnsiConsole
            .Status()
            .StartAsync(title, async context =>
                result = await work(
                    new SynchronousProgress<string>(step => context.Status($"{title}: {Markup.Escape(step)}"))
                )
            );
        return result;
    }

    public static Task<T> BytesAsync<T>(
        bool quiet,
        string title,
        long totalBytes,
        Func<IProgress<PushProgress>?, Task<T>> work
    ) =>
        ProgressBars.BytesAsync(title, totalBytes, quiet, add =>
            work(add is null ? null : new SynchronousProgress<PushProgress>(step => add(step.Bytes)))
        );
}
