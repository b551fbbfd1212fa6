using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry rollback fashion --alias production`: returns the alias to the version it held
/// before.</summary>
public static class RegistryRollbackCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model name" };
        var alias = new Option<string>("--alias") { Description = "Alias to roll back", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why (kept in the history)" };
        var command = new Command("rollback", "Return an alias to its previous version") { model, alias, reason };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var move = await registry.RollbackAsync(
                    parse.GetValue(model)!,
                    parse.GetValue(alias)!,
                    parse.GetValue(reason),
                    cancellationToken
                );
                if (RegistryCli.Json(parse))
                    RegistryCli.PrintJson(move);
                else
                    AnsiConsole.MarkupLine(
                        $"{CliTable.Escape(move.Alias)}: {move.From} → [bold]{move.To}[/] (rollback)"
                    );
                return 0;
            }
        );
        return command;
    }
}
