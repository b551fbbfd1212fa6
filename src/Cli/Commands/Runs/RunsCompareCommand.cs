using System.CommandLine;
using System.Text.Json;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Artifacts;
using Mlops.Train.Reports;
using Mlops.Train.Runs;
using Spectre.Console;

namespace Mlops.Cli.Commands.Runs;

/// <summary>`mlops runs compare a b ...`: the config keys that differ and the final metrics, side by side.</summary>
public static class RunsCompareCommand
{
    public static Command Create()
    {
        var runsDir = RunStoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables" };
        var names = new Argument<string[]>("runs")
        {
            Description = "Two or more runs: folder names, paths, or config names",
            Arity = new ArgumentArity(2, 64),
        };
        var command = new Command("compare", "Compare runs: config differences and final metrics")
        {
            names,
            runsDir,
            json,
        };
        command.SetAction(parseResult =>
        {
            using var store = RunStoreOption.Open(parseResult, runsDir);
            var runs = parseResult.GetValue(names)!.Select(store.Find).ToList();
            var comparison = RunComparison.Of(runs);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(comparison, ArtifactJson.Indented));
                return 0;
            }
            var config = new Table().Title("config differences");
            config.AddColumn("key");
            foreach (var run in comparison.Runs)
                config.AddColumn(new TableColumn(Markup.Escape(run)));
            foreach (var row in comparison.Differences)
                config.AddRow([
                    Markup.Escape(row.Key),
                    .. row.Values.Select(value => Markup.Escape(value ?? "(unset)")),
                ]);
            if (comparison.Differences.Count == 0)
                Console.WriteLine("the configs are identical");
            else
                AnsiConsole.Write(config);
            var metrics = new Table().Title("final metrics");
            metrics.AddColumn("metric");
            foreach (var run in comparison.Runs)
                metrics.AddColumn(new TableColumn(Markup.Escape(run)).RightAligned());
            metrics.AddRow(["status", .. comparison.Statuses.Select(status => status ?? "")]);
            foreach (var row in comparison.Metrics)
                metrics.AddRow([row.Metric, .. row.Values.Select(RunComparison.Format)]);
            AnsiConsole.Write(metrics);
            return 0;
        });
        return command;
    }
}
