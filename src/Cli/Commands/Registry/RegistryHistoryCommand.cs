using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry history fashion`: every alias move, who made it, when and why.</summary>
public static class RegistryHistoryCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model name" };
        var alias = new Option<string?>("--alias") { Description = "Only this alias" };
        var command = new Command("history", "Show the append-only history of alias moves") { model, alias };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var name = RegistryNames.Model(parse.GetValue(model)!);
                await registry.Catalog.RequireModelAsync(name, cancellationToken);
                var events = (await registry.HistoryAsync(name, cancellationToken))
                    .Where(e => parse.GetValue(alias) is not { } only || e.Alias == only)
                    .ToList();
                if (RegistryCli.Json(parse))
                {
                    RegistryCli.PrintJson(events);
                    return 0;
                }
                var table = CliTable.New("time", "alias", "action", "from", "to", "actor", "reason");
                foreach (var e in events)
                    table.AddRow(
                        e.At.ToString("u"),
                        CliTable.Escape(e.Alias),
                        e.Action,
                        e.From?.ToString() ?? "-",
                        e.To.ToString(),
                        CliTable.Escape(e.Actor),
                        CliTable.Escape(e.Reason ?? "")
                    );
                AnsiConsole.Write(table);
                return 0;
            }
        );
        return command;
    }
}
