using Mlops.Cli.Commands;
using Mlops.Cli.Commands.Runs;
using Mlops.Train.Runs;
using Spectre.Console;

namespace Mlops.Cli.Tests.BadInput;

/// <summary>One run folder with a corrupt run.json must not hide the others: its long parse error wraps in its own cell.</summary>
public sealed class RunsTableTests
{
    [Fact]
    public void A_run_with_a_long_parse_error_leaves_the_other_rows_readable()
    {
        var problem =
            "unreadable run file: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. Path: $ | LineNumber: 1 | BytePositionInLine: 0.";
        RunSummary[] runs =
        [
            new(
                "tiny-20261122-042558",
                "runs/tiny-20261122-042558",
                RunStatus.Completed,
                DateTimeOffset.UnixEpoch,
                1,
                0.1188,
                2.3223,
                0.1328,
                null
            ),
            new("broken", "runs/broken", null, null, null, null, null, null, problem),
        ];
        using var text = new StringWriter();
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(text),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
            }
        );
        console.Profile.Width = 200; // what `runs list` uses when its output is redirected

        console.Write(RunsTable.Of(runs));

        var output = text.ToString();
        output.Should().Contain("tiny-20261122-042558").And.Contain("completed").And.Contain("13.28 %");
        output.Should().Contain("broken").And.Contain("unreadable");
    }
}
