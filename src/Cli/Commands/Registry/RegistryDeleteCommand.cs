using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry delete fashion:3 --reason ...`: hides a version for good (gc frees its files; the number is
/// never reused).</summary>
public static class RegistryDeleteCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("version") { Description = "name:version to delete" };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the tombstone)", Required = true };
        var force = new Option<bool>("--force") { Description = "Delete even if an alias still points at it" };
        var command = new Command("delete", "Delete a version on purpose (gc removes its files later)")
        {
            reference,
            reason,
            force,
        };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var target = ModelRef.Parse(parse.GetValue(reference)!);
                var version = RegistryCli.ParseVersion(target, "version");
                await registry.Collector.DeleteVersionAsync(
                    target.Model,
                    version,
                    parse.GetValue(reason)!,
                    parse.GetValue(force),
                    cancellationToken
                );
                if (RegistryCli.Json(parse))
                    RegistryCli.PrintJson(
                        new
                        {
                            model = target.Model,
                            version,
                            deleted = true,
                        }
                    );
                else
                    AnsiConsole.MarkupLine(
                        $"deleted {CliTable.Escape(target.Model)}:{version}; run `mlops registry gc` to free its "
                            + $"files"
                    );
                return 0;
            }
        );
        return command;
    }
}
