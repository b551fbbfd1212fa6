using System.CommandLine;
using Mlops.Deploy.CloudRun;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>
/// `mlops release promote` and `mlops release rollback`: traffic moves only, no new revision. With
/// `--model fashion --alias production` the registry alias follows the revision that now serves (see <see cref="ReleaseAliasSync"/>).
/// </summary>
public static class ReleaseTrafficCommands
{
    public static Command Promote() => Create("promote", "Send 100% of traffic to the canary; the replaced revision keeps the tag 'previous'",
        "promoting", (releaser, cancel) => releaser.PromoteAsync(cancel), force: false);

    /// <summary>A rollback moves the alias even when the registry's gate would refuse the older version: going back must always work.</summary>
    public static Command Rollback() => Create("rollback", "Drop the canary, or after a promote send all traffic back to the 'previous' revision",
        "rolling back", (releaser, cancel) => releaser.RollbackAsync(cancel), force: true);

    private static Command Create(string name, string description, string status, Func<CloudRunReleaser, CancellationToken, Task<ServiceState>> move, bool force)
    {
        var registryOptions = new ReleaseRegistryOptions(versioned: false);
        var command = new Command(name, description);
        registryOptions.AddTo(command);
        command.SetReleaseAction(async (parse, releaser, cancel) =>
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
                (state, var moved) = await AnsiConsole.Status().StartAsync(status, _ =>
                    sync.RunAsync(() => move(releaser, cancel), ReleaseAliasSync.Follow.Serving, force, $"mlops release {name}", cancel));
                version = moved;
            }
            ReleaseStatusCommand.WriteTraffic(state);
            if (version is { } v) AnsiConsole.MarkupLine($"alias [bold]{Markup.Escape(modelName!)}@{Markup.Escape(alias!)}[/] → version {v}");
            return 0;
        });
        return command;
    }
}
