using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Errors;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry tag fashion:3 owner=vision --remove ticket`: key/value tags on a version.</summary>
public static class RegistryTagCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("version") { Description = "name:version or name@alias" };
        var pairs = new Argument<string[]>("tags")
        {
            Description = "key=value pairs to set",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var remove = new Option<string[]>("--remove")
        {
            Description = "Tag keys to remove",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("tag", "Set or remove tags on a version (the version itself stays immutable)")
        {
            reference,
            pairs,
            remove,
        };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var card = await registry.ResolveAsync(ModelRef.Parse(parse.GetValue(reference)!), cancellationToken);
                var set = new Dictionary<string, string>();
                foreach (var pair in parse.GetValue(pairs) ?? [])
                {
                    var equals = pair.IndexOf('=');
                    if (equals <= 0)
                        throw new MlopsException($"'{RegistryNames.Printable(pair)}' is not key=value", "tags");
                    set[pair[..equals]] = pair[(equals + 1)..];
                }
                var tags = await registry.Tags.UpdateAsync(
                    card.Model,
                    card.Version,
                    set,
                    parse.GetValue(remove) ?? [],
                    cancellationToken
                );
                if (RegistryCli.Json(parse))
                    RegistryCli.PrintJson(tags);
                else
                    AnsiConsole.MarkupLine(
                        $"{CliTable.Escape(card.Model)}:{card.Version} tags: "
                            + $"{CliTable.Escape(string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}")))}"
                    );
                return 0;
            }
        );
        return command;
    }
}
