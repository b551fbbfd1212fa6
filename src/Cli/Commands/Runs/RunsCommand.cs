using System.CommandLine;
using System.Text.Json;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Artifacts;
using Mlops.Train.Runs;
using Spectre.Console;

namespace Mlops.Cli.Commands.Runs;

/// <summary>`mlops runs list` and `mlops runs show &lt;name&gt;`: what is in a runs folder.</summary>
public static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "List and inspect training runs");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(RunsCompareCommand.Create());
        return command;
    }

    private static Option<string?> RunsDirOption() => RunStoreOption.Create();

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table" };

    private static Command CreateList()
    {
        var runsDir = RunsDirOption();
        var json = JsonOption();
        var where = new Option<string[]>("--where")
        {
            Description = "Keep runs matching a condition, e.g. accuracy>0.9 or status=completed (repeatable)",
        };
        var sort = new Option<string?>("--sort")
        {
            Description = "Sort by a field, e.g. -accuracy (descending) or epochs",
        };
        var command = new Command("list", "List runs with their status and final metrics, newest first")
        {
            runsDir,
            json,
            where,
            sort,
        };
        command.SetAction(parseResult =>
        {
            using var store = RunStoreOption.Open(parseResult, runsDir);
            IEnumerable<RunSummary> selected = store.List();
            foreach (var condition in parseResult.GetValue(where) ?? [])
                selected = selected.Where(RunQuery.Where(condition));
            if (parseResult.GetValue(sort) is { } sortKey)
                selected = RunQuery.Sort(selected, sortKey);
            var runs = selected.ToList();
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(runs, ArtifactJson.Indented));
                return 0;
            }
            if (runs.Count == 0)
            {
                Console.WriteLine($"no matching runs in {store.Uri}");
                return 0;
            }
            AnsiConsole.Write(RunsTable.Of(runs));
            return 0;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var runsDir = RunsDirOption();
        var json = JsonOption();
        var name = new Argument<string>("name")
        {
            Description = "Run folder name, path, or config name (the newest run with it)",
        };
        var command = new Command("show", "Show a run: settings, final metrics, evaluation and files")
        {
            name,
            runsDir,
            json,
        };
        command.SetAction(parseResult =>
        {
            using var store = RunStoreOption.Open(parseResult, runsDir);
            var details = RunDetails.Of(store.Find(parseResult.GetValue(name)!));
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(details, ArtifactJson.Indented));
                return 0;
            }
            Render(details);
            return 0;
        });
        return command;
    }

    private static void Render(RunDetails details)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (key, value) in RunShowRows.Of(details))
            grid.AddRow(Markup.Escape(key), Markup.Escape(value));
        AnsiConsole.Write(grid);

        var files = new Table().AddColumns("file", "size");
        foreach (var file in details.Files)
            files.AddRow(Markup.Escape(file.Path), Size(file.Bytes));
        AnsiConsole.Write(files);
    }

    private static string Size(long bytes) =>
        bytes switch
        {
            < 1024 => $"{bytes} B",
            < 1024 * 1024 => $"{bytes / 1024.0:F1} KiB",
            _ => $"{bytes / (1024.0 * 1024):F1} MiB",
        };
}
