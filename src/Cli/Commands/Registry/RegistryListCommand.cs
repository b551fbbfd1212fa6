using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry list [model]`: the models, or one model's visible versions with their aliases.</summary>
public static class RegistryListCommand
{
    public static Command Create()
    {
        var model = new Argument<string?>("model")
        {
            Description = "List this model's versions (default: list models)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("list", "List models, or the versions of one model") { model };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                if (parse.GetValue(model) is { } name)
                    await ListVersionsAsync(parse, registry, RegistryNames.Model(name), cancellationToken);
                else
                    await ListModelsAsync(parse, registry, cancellationToken);
                return 0;
            }
        );
        return command;
    }

    private static async Task ListModelsAsync(
        ParseResult parse,
        ModelRegistry registry,
        CancellationToken cancellationToken
    )
    {
        var rows = new List<(string Model, int Versions, int? Latest, string Aliases)>();
        foreach (var model in await registry.Catalog.ModelsAsync(cancellationToken))
        {
            var visible = (await registry.Catalog.EntriesAsync(model, cancellationToken))
                .Where(e => e.IsVisible)
                .ToList();
            var aliases = await registry.Aliases.AllAsync(model, cancellationToken);
            rows.Add(
                (
                    model,
                    visible.Count,
                    visible.LastOrDefault()?.Version,
                    string.Join(", ", aliases.Select(a => $"{a.Alias}→{a.Version}"))
                )
            );
        }
        if (RegistryCli.Json(parse))
        {
            RegistryCli.PrintJson(
                rows.Select(r => new
                {
                    model = r.Model,
                    versions = r.Versions,
                    latest = r.Latest,
                    aliases = r.Aliases,
                })
            );
            return;
        }
        if (rows.Count == 0)
        {
            Console.WriteLine(
                $"no models in {registry.Store.Uri} yet: mlops registry push runs/<name> --model <name> adds one"
            );
            return;
        }
        var table = CliTable.New("model", "versions", "latest", "aliases");
        foreach (var row in rows)
            table.AddRow(
                CliTable.Escape(row.Model),
                row.Versions.ToString(),
                row.Latest?.ToString() ?? "-",
                CliTable.Escape(row.Aliases)
            );
        AnsiConsole.Write(table);
    }

    private static async Task ListVersionsAsync(
        ParseResult parse,
        ModelRegistry registry,
        string model,
        CancellationToken cancellationToken
    )
    {
        // a mistyped name is an error, not an empty table
        await registry.Catalog.RequireModelAsync(model, cancellationToken);
        var cards = await registry.Catalog.VisibleCardsAsync(model, cancellationToken);
        var aliases = await registry.Aliases.AllAsync(model, cancellationToken);
        if (RegistryCli.Json(parse))
        {
            RegistryCli.PrintJson(
                cards.Select(c => new
                {
                    c.Version,
                    c.CreatedAt,
                    c.CreatedBy,
                    c.Metrics,
                    aliases = aliases.Where(a => a.Version == c.Version).Select(a => a.Alias),
                })
            );
            return;
        }
        var metricNames = cards
            .SelectMany(c => c.Metrics.Keys)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Take(4)
            .ToList();
        var table = CliTable.New(["version", "created", "by", .. metricNames, "aliases"]);
        foreach (var card in cards)
            table.AddRow([
                card.Version.ToString(),
                card.CreatedAt.ToString("u"),
                CliTable.Escape(card.CreatedBy),
                .. metricNames.Select(m => card.Metrics.TryGetValue(m, out var v) ? v.ToString("G5") : "-"),
                CliTable.Escape(string.Join(", ", aliases.Where(a => a.Version == card.Version).Select(a => a.Alias))),
            ]);
        AnsiConsole.Write(table);
    }
}
