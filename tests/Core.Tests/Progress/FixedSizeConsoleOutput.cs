using System.Text;
using Spectre.Console;

namespace Mlops.Core.Tests.Progress;

/// <summary>
/// Console output of a fixed size. Spectre's own AnsiConsoleOutput asks the process's terminal for its height even when
/// writing to a StringWriter, and under TERM=dumb (common in CI) that is -1, which makes its live display throw on a
/// background thread and crash the test host.
/// </summary>
internal sealed class FixedSizeConsoleOutput(TextWriter writer, int width = 80, int height = 24) : IAnsiConsoleOutput
{
    public TextWriter Writer { get; } = writer;
    public bool IsTerminal => false;
    public int Width { get; } = width;
    public int Height { get; } = height;

    public void SetEncoding(Encoding encoding) { }
}
