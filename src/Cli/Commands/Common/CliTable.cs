using Spectre.Console;

namespace Mlops.Cli.Commands.Common;

/// <summary>Tables as every command prints them: rounded borders, cells escaped from Spectre's markup.</summary>
public static class CliTable
{
    public static Table New(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
            table.AddColumn(column);
        return table;
    }

    public static string Escape(object? value) => Markup.Escape(value?.ToString() ?? "");
}
