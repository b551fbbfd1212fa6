using Spectre.Console;

namespace Mlops.Core.Progress;

/// <summary>Starts the right progress display: a live bar on a terminal, periodic plain lines otherwise.</summary>
public static class ProgressReporter
{
    /// <summary>How often plain (non-terminal) progress prints a line.</summary>
    public static readonly TimeSpan DefaultPlainInterval = TimeSpan.FromSeconds(10);

    public static IProgressReporter Start(string title, long total) =>
        Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") is not null
            ? StartPlain(title, total, Console.Out, DefaultPlainInterval)
            : StartOn(AnsiConsole.Console, title, total);

    /// <summary>
    /// A live bar on <paramref name="console"/> when it can draw one: ANSI, interactive and of a known size. A terminal
    /// that reports no size (-1 when .NET cannot ask it, e.g. TERM=dumb or TERM=linux with no size to read) would make
    /// Spectre's display throw on its own refresh thread and end the process, so it gets plain lines instead.
    /// </summary>
    public static IProgressReporter StartOn(IAnsiConsole console, string title, long total)
    {
        var profile = console.Profile;
        var drawable =
            profile.Capabilities.Interactive && profile.Capabilities.Ansi && profile.Width > 0 && profile.Height > 0;
        var state = new ProgressState(title, total);
        return drawable
            ? new ConsoleProgressReporter(state, console)
            : new PlainProgressReporter(state, profile.Out.Writer, DefaultPlainInterval);
    }

    /// <summary>Plain lines to <paramref name="output"/>; the clock can be replaced for tests.</summary>
    public static IProgressReporter StartPlain(
        string title,
        long total,
        TextWriter output,
        TimeSpan interval,
        Func<TimeSpan>? clock = null
    ) => new PlainProgressReporter(new ProgressState(title, total, clock), output, interval);
}
