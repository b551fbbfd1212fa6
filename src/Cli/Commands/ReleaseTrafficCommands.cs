using System.CommandLine;
using Mlops.Deploy.CloudRun;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>
/// `mlops release promote` and `mlops release rollback`: traffic moves only, no new revision. With
/// `--model fashion --alias production [--reason ...]` the registry alias follows the revision that now serves; the
/// registry's
/// gate is asked before any traffic moves (see <see cref="ReleaseAliasSync"/>).
/// </summary>
public static class ReleaseTrafficCommands
{
    public static Command Promote() =>
        Create(
            "promote",
            "Send 100% of traffic to the canary; the replaced revision keeps the tag 'previous'",
            "promoting",
            (releaser, cancel) => releaser.PromoteAsync(cancel),
            (sync, reason, cancel) => sync.PromoteAsync(reason, cancel)
        );

    /// <summary>A rollback moves the alias even when the registry's gate would refuse the older version: going back
    /// must always work.</summary>
    public static Command Rollback() =>
        Create(
            "rollback",
            "Drop the canary, or after a promote send all traffic back to the 'previous' revision",
            "rolling back",
            (releaser, cancel) => releaser.RollbackAsync(cancel),
            (sync, reason, cancel) => sync.RollbackAsync(reason, cancel)
        );

    private static Command Create(
        string name,
        string description,
        string status,
        Func<CloudRunReleaser, CancellationToken, Task<ServiceState>> move,
        Func<ReleaseAliasSync, string, CancellationToken, Task<(ServiceState, int)>> moveWithAlias
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
                ServiceState state;
                int? version = null;
                if (alias is null)
                    state = await AnsiConsole.Status().StartAsync(status, _ => move(releaser, cancel));
                else
                {
                    using var registry = registryOptions.OpenRegistry(parse);
                    var sync = new ReleaseAliasSync(releaser, registry, modelName!, alias);
                    var reason = ReleaseAliasSync.Reason(parse.GetValue(registryOptions.Reason), name);
                    (state, var moved) = await AnsiConsole
                        .Status()
                        .StartAsync(status, _ => moveWithAlias(sync, reason, cancel));
                    version = moved;
                }
                ReleaseStatusCommand.WriteTraffic(state);
                if (version is { } v)
                    AnsiConsole.MarkupLine(
                        $"alias [bold]{Markup.Escape(modelName!)}@{Markup.Escape(alias!)}[/] → version {v}"
                    );
                return 0;
            }
        );
        return command;
    }
}
