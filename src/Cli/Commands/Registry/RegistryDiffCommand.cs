using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry diff fashion:1 fashion@production`: metrics, config, files and lineage side by
/// side.</summary>
public static class RegistryDiffCommand
{
    public static Command Create()
    {
        var left = new Argument<string>("left") { Description = "First reference" };
        var right = new Argument<string>("right") { Description = "Second reference" };
        var all = new Option<bool>("--all") { Description = "Also show keys that are equal" };
        var command = new Command("diff", "Compare two versions: metrics and config side by side") { left, right, all };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var a = await registry.ResolveAsync(ModelRef.Parse(parse.GetValue(left)!), cancellationToken);
                var b = await registry.ResolveAsync(ModelRef.Parse(parse.GetValue(right)!), cancellationToken);
                var rows = CardDiff
                    .Compare(a, b)
                    .Where(r => parse.GetValue(all) || r.Differs || r.Section == "metric")
                    .ToList();
                if (RegistryCli.Json(parse))
                {
                    RegistryCli.PrintJson(
                        new
                        {
                            left = $"{a.Model}:{a.Version}",
                            right = $"{b.Model}:{b.Version}",
                            rows,
                        }
                    );
                    return 0;
                }
                var table = CliTable.New(
                    "",
                    "key",
                    $"{CliTable.Escape(a.Model)}:{a.Version}",
                    $"{CliTable.Escape(b.Model)}:{b.Version}"
                );
                foreach (var row in rows)
                {
                    var style = row.Differs ? "yellow" : "grey";
                    table.AddRow(
                        row.Section,
                        $"[{style}]{CliTable.Escape(row.Key)}[/]",
                        CliTable.Escape(row.Left ?? "—"),
                        CliTable.Escape(row.Right ?? "—")
                    );
                }
                AnsiConsole.Write(table);
                return 0;
            }
        );
        return command;
    }
}
