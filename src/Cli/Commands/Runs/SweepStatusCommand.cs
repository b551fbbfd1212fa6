using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Artifacts;
using Mlops.Train.Sweeps;
using Mlops.Train.Sweeps.Jobs;
using Spectre.Console;

namespace Mlops.Cli.Commands.Runs;

/// <summary>`mlops sweep status &lt;sweep&gt; --runs gs://… [--json]`: a sweep job's trials as the run store has
/// them.</summary>
public static class SweepStatusCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep") { Description = "The sweep job's id" };
        var runs = RunStoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("status", "Show a sweep job's trials: state, epochs, best metric")
        {
            sweep,
            runs,
            json,
        };
        command.SetAction(parseResult =>
        {
            using var store = RunStoreOption.Open(parseResult, runs);
            var status = SweepJobStatus.Read(store, parseResult.GetValue(sweep)!);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(
                    JsonSerializer.Serialize(
                        new
                        {
                            status.Job.Id,
                            status.BestTrial,
                            status.Trials,
                        },
                        ArtifactJson.Indented
                    )
                );
                return 0;
            }
            AnsiConsole.Write(Table(status));
            Console.WriteLine(Summary(status));
            return 0;
        });
        return command;
    }

    /// <summary>One line: how many trials are in each state, and the best so far.</summary>
    public static string Summary(SweepJobStatus status)
    {
        var counts = Enum.GetValues<TrialState>()
            .Where(state => status.Count(state) > 0)
            .Select(state => $"{status.Count(state)} {state.ToString().ToLowerInvariant()}");
        var best = status.BestTrial is { } index
            ? $"; best: trial {index + 1}, {SweepMetric.Name(status.Job.Metric)} "
                + status.Trials[index].Metric?.ToString("G4", CultureInfo.InvariantCulture)
            : "";
        return $"{status.Job.Id}: {string.Join(", ", counts)}{best}";
    }

    private static Table Table(SweepJobStatus status)
    {
        var table = new Table().AddColumns(
            "trial",
            "parameters",
            "state",
            "epochs",
            SweepMetric.Name(status.Job.Metric),
            "run"
        );
        foreach (var trial in status.Trials)
            table.AddRow(
                (trial.Index + 1).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(" ", trial.Params.Select(entry => $"{entry.Key}={entry.Value}"))),
                trial.State.ToString().ToLowerInvariant() + (trial.Index == status.BestTrial ? " (best)" : ""),
                trial.Epochs?.ToString(CultureInfo.InvariantCulture) ?? "-",
                trial.Metric?.ToString("G4", CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(trial.Run)
            );
        return table;
    }
}
