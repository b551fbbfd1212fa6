using System.CommandLine;
using Mlops.Deploy.Release;
using Spectre.Console;

namespace Mlops.Cli.Commands.Release;

/// <summary>
/// `mlops release promote` and `mlops release rollback`: traffic moves only, no new revision. With
/// `--model fashion --alias production [--reason ...]` the registry alias follows the revision that now serves; the
/// registry's gate is asked before any traffic moves (see <see cref="ReleaseAliasSync"/>).
/// </summary>
public static class ReleaseTrafficCommands
{
    public static Command Promote() =>
        Create(
            "promote",
            "Send 100% of traffic to the canary; the replaced revision keeps the tag 'previous'",
            "promoting",
            (release, model, alias, reason, cancel) => release.PromoteAsync(model, alias, reason, cancel)
        );

    /// <summary>A rollback moves the alias even when the registry's gate would refuse the older version: going back
    /// must always work.</summary>
    public static Command Rollback() =>
        Create(
            "rollback",
            "Drop the canary, or after a promote send all traffic back to the 'previous' revision",
            "rolling back",
            (release, model, alias, reason, cancel) => release.RollbackAsync(model, alias, reason, cancel)
        );

    private static Command Create(
        string name,
        string description,
        string status,
        Func<ModelRelease, string?, string?, string?, CancellationToken, Task<ReleaseOutcome>> step
    )
    {
        var registryOptions = new ReleaseRegistryOptions(versioned: false);
        var command = new Command(name, description);
        registryOptions.AddTo(command);
        command.SetReleaseAction(
            async (parse, releaser, cancel) =>
            {
                var modelName = registryOptions.ModelName(parse);
                var alias = parse.GetValue(registryOptions.Alias);
                var release = registryOptions.Release(parse, releaser);
                var outcome = await AnsiConsole
                    .Status()
                    .StartAsync(status, _ =>
                        step(release, modelName, alias, parse.GetValue(registryOptions.Reason), cancel)
                    );
                ReleaseStatusCommand.WriteTraffic(outcome.State);
                if (outcome.AliasVersion is { } version)
                    AnsiConsole.MarkupLine(
                        $"alias [bold]{Markup.Escape(modelName!)}@{Markup.Escape(alias!)}[/] → version {version}"
                    );
                return 0;
            }
        );
        return command;
    }
}
