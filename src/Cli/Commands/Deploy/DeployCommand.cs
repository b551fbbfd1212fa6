using System.CommandLine;

namespace Mlops.Cli.Commands.Deploy;

/// <summary>
/// `mlops deploy build ...`: the serving image, written as an OCI archive or pushed to a registry; `mlops deploy
/// list|stop`: the servers deployed on this machine.
/// </summary>
public static class DeployCommand
{
    public static Command Create()
    {
        var command = new Command(
            "deploy",
            "Build the serving image (OCI, no Docker) and push it; list and stop local deployments"
        );
        command.Subcommands.Add(DeployBuildCommand.Create());
        command.Subcommands.Add(DeployListCommand.Create());
        command.Subcommands.Add(DeployStopCommand.Create());
        return command;
    }
}
