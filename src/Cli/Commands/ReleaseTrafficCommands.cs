using System.CommandLine;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>`mlops release promote` and `mlops release rollback`: traffic moves only, no new revision.</summary>
public static class ReleaseTrafficCommands
{
    public static Command Promote()
    {
        var command = new Command("promote", "Send 100% of traffic to the canary; the replaced revision keeps the tag 'previous'");
        command.SetReleaseAction(async (_, releaser, cancel) =>
        {
            ReleaseStatusCommand.WriteTraffic(await AnsiConsole.Status().StartAsync("promoting", _ => releaser.PromoteAsync(cancel)));
            return 0;
        });
        return command;
    }

    public static Command Rollback()
    {
        var command = new Command("rollback", "Drop the canary, or after a promote send all traffic back to the 'previous' revision");
        command.SetReleaseAction(async (_, releaser, cancel) =>
        {
            ReleaseStatusCommand.WriteTraffic(await AnsiConsole.Status().StartAsync("rolling back", _ => releaser.RollbackAsync(cancel)));
            return 0;
        });
        return command;
    }
}
