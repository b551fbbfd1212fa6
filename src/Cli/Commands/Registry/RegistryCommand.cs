using System.CommandLine;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry ...`: the versioned model registry on a bucket (file:// by default, gs:// for
/// real).</summary>
public static class RegistryCommand
{
    public static Command Create()
    {
        var command = new Command("registry", "Versioned model registry on a bucket: push, pull, aliases, history, gc");
        command.Options.Add(RegistryCli.StoreOption);
        command.Options.Add(RegistryCli.JsonOption);
        command.Options.Add(RegistryCli.WebhookOption);
        command.Subcommands.Add(RegistryPushCommand.Create());
        command.Subcommands.Add(RegistryListCommand.Create());
        command.Subcommands.Add(RegistryShowCommand.Create());
        command.Subcommands.Add(RegistryPullCommand.Create());
        command.Subcommands.Add(RegistryPromoteCommand.Create());
        command.Subcommands.Add(RegistryRollbackCommand.Create());
        command.Subcommands.Add(RegistryHistoryCommand.Create());
        command.Subcommands.Add(RegistryTagCommand.Create());
        command.Subcommands.Add(RegistryDiffCommand.Create());
        command.Subcommands.Add(RegistryDeleteCommand.Create());
        command.Subcommands.Add(RegistryGcCommand.Create());
        return command;
    }
}
