using Spectre.Console;

namespace Mlops.Cli;

/// <summary>
/// Spectre.Console decides on colour from TERM, not from where stdout goes: `mlops quickstart > log` wrote
/// ESC[1m into the file. Output to a file or a pipe is plain text, whatever the terminal is.
/// </summary>
public static class TerminalOutput
{
    public static void PlainWhenRedirected()
    {
        if (!Console.IsOutputRedirected) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
    }
}
