using System.CommandLine;

namespace Mlops.Cli.Commands;

/// <summary>`mlops deploy build ...`: the serving image, written as an OCI archive or pushed to a registry.</summary>
public static class DeployCommand
{
    public static Command Create()
    {
        var command = new Command("deploy", "Build the serving image (OCI, no Docker) and push it to a registry");
        command.Subcommands.Add(DeployBuildCommand.Create());
        return command;
    }
}
