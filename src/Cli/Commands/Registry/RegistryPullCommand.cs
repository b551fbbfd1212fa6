using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry pull fashion@production --to dir`: downloads a version, every file checked against its
/// sha256.</summary>
public static class RegistryPullCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("ref") { Description = "name, name:version or name@alias" };
        var to = new Option<string>("--to")
        {
            Description = "Folder to write the files and card.json into",
            Required = true,
        };
        var command = new Command("pull", "Download a model version, verifying every file's sha256") { reference, to };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var target = ModelRef.Parse(parse.GetValue(reference)!);
                var card = await registry.ResolveAsync(target, cancellationToken);
                var pulled = await RegistryTransferProgress.RunAsync(
                    $"pull {card.Model}:{card.Version}",
                    card.Files.Sum(f => f.Size),
                    RegistryCli.Json(parse),
                    progress =>
                        registry.PullAsync(
                            new ModelRef(card.Model, card.Version),
                            parse.GetValue(to)!,
                            progress,
                            cancellationToken
                        )
                );
                if (RegistryCli.Json(parse))
                    RegistryCli.PrintJson(pulled);
                else
                    AnsiConsole.MarkupLine(
                        $"pulled [bold]{CliTable.Escape(pulled.Model)}:{pulled.Version}[/] into "
                            + $"{CliTable.Escape(parse.GetValue(to))} ({pulled.Files.Count} files verified)"
                    );
                return 0;
            }
        );
        return command;
    }
}
