using Spectre.Console;

namespace Mlops.Core.Progress;

/// <summary>Starts the right progress display: a live bar on a terminal, periodic plain lines otherwise.</summary>
public static class ProgressReporter
{
    /// <summary>How often plain (non-terminal) progress prints a line.</summary>
    public static readonly TimeSpan DefaultPlainInterval = TimeSpan.FromSeconds(10);

    public static IProgressReporter Start(string title, long total)
    {
        var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Capabilities.Ansi
            && Environment.GetEnvironmentVariable("CI") is null;
        var state = new ProgressState(title, total);
        return interactive
            ? new ConsoleProgressReporter(state, AnsiConsole.Console)
            : new PlainProgressReporter(state, Console.Out, DefaultPlainInterval);
    }

    /// <summary>Plain lines to <paramref name="output"/>; the clock can be replaced for tests.</summary>
    public static IProgressReporter StartPlain(string title, long total, TextWriter output, TimeSpan interval, Func<TimeSpan>? clock = null) =>
        new PlainProgressReporter(new ProgressState(title, total, clock), output, interval);
}
