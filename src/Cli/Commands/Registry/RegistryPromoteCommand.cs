using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry promote fashion:3 --to production --reason ...`: moves an alias through the metric
/// gate.</summary>
public static class RegistryPromoteCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("version") { Description = "name:version to promote" };
        var alias = new Option<string>("--to")
        {
            Description = "Alias to move (staging, production, ...)",
            Required = true,
        };
        var reason = new Option<string?>("--reason")
        {
            Description = "Why (kept in the history; required with --force)",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Promote even if the gate metric is worse than the current holder's",
        };
        var metric = new Option<string>("--metric")
        {
            Description = "Gate metric recorded in the cards",
            DefaultValueFactory = _ => "accuracy",
        };
        var lowerIsBetter = new Option<bool>("--lower-is-better")
        {
            Description = "The gate metric improves downwards (loss, latency)",
        };
        var command = new Command("promote", "Point an alias at a version, refusing a worse metric unless --force")
        {
            reference,
            alias,
            reason,
            force,
            metric,
            lowerIsBetter,
        };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var target = ModelRef.Parse(parse.GetValue(reference)!);
                var request = new PromoteRequest(
                    target.Model,
                    RegistryCli.ParseVersion(target, "version"),
                    parse.GetValue(alias)!
                )
                {
                    Reason = parse.GetValue(reason),
                    Force = parse.GetValue(force),
                    Metric = parse.GetValue(metric)!,
                    LowerIsBetter = parse.GetValue(lowerIsBetter),
                };
                var move = await registry.PromoteAsync(request, cancellationToken);
                if (RegistryCli.Json(parse))
                    RegistryCli.PrintJson(move);
                else if (move is null)
                    AnsiConsole.MarkupLine(
                        $"{CliTable.Escape(request.Alias)} already points at "
                            + $"{CliTable.Escape(target.Model)}:{request.Version}; nothing to do"
                    );
                else
                    AnsiConsole.MarkupLine(
                        $"{CliTable.Escape(move.Alias)}: {move.From?.ToString() ?? "-"} → [bold]{move.To}[/] "
                            + $"({move.Action})"
                    );
                return 0;
            }
        );
        return command;
    }
}
