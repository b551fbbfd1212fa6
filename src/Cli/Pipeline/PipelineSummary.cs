using Spectre.Console;

namespace Mlops.Cli.Pipeline;

/// <summary>The table printed at the end of a pipeline run: stage, status, time, key output.</summary>
public static class PipelineSummary
{
    public static void Print(IReadOnlyList<StageOutcome> outcomes, TextWriter output)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumn("stage")
            .AddColumn("status")
            .AddColumn(new TableColumn("time").RightAligned())
            .AddColumn("key output");
        foreach (var outcome in outcomes)
            table.AddRow(
                outcome.Stage,
                Status(outcome.Status),
                $"{outcome.Time.TotalSeconds:F1} s",
                Markup.Escape(outcome.KeyOutput)
            );
        TerminalOutput.For(output).Write(table);
    }

    private static string Status(StageStatus status) =>
        status switch
        {
            StageStatus.Ran => "[green]ran[/]",
            StageStatus.Skipped => "[grey]skipped (unchanged)[/]",
            _ => "[red]failed[/]",
        };
}
