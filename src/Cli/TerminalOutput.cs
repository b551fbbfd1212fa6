using Spectre.Console;

namespace Mlops.Cli;

/// <summary>
/// How output looks where it goes. Spectre.Console decides on colour from TERM, not from where stdout goes
/// (`mlops quickstart > log` wrote ESC[1m into the file), and wraps tables at 80 columns when it cannot ask a
/// terminal (a table row's timestamp came out over four lines). A file or a pipe gets plain text and rows that
/// stay one line; a terminal gets colour and its own width.
/// </summary>
public static class TerminalOutput
{
    /// <summary>Wide enough that no table row wraps; the reader's pager or editor decides how to show it.</summary>
    public const int UnboundedWidth = 4096;

    public static void PlainWhenRedirected()
    {
        if (Console.IsOutputRedirected)
            AnsiConsole.Console = For(Console.Out);
    }

    /// <summary>A console writing to <paramref name="output"/>, plain and unbounded unless it is the
    /// terminal.</summary>
    public static IAnsiConsole For(TextWriter output)
    {
        if (output == Console.Out && !Console.IsOutputRedirected)
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(output),
            }
        );
        console.Profile.Width = UnboundedWidth;
        return console;
    }
}
