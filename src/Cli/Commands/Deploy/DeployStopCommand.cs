using System.CommandLine;
using Mlops.Core.Errors;
using Mlops.Deploy.Local;

namespace Mlops.Cli.Commands.Deploy;

/// <summary>`mlops deploy stop <name> | --all`: stops local deployments (container removed, process ended) and
/// forgets them.</summary>
public static class DeployStopCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name")
        {
            Description = "The deployment to stop (see `mlops deploy list`)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var all = new Option<bool>("--all") { Description = "Stop every local deployment" };
        var command = new Command("stop", "Stop a local deployment, or all of them") { name, all };
        command.SetAction(parse =>
        {
            try
            {
                var deployer = new LocalDeployer(new(LocalDeploymentStore.DefaultFolder()));
                var stopped = (parse.GetValue(name), parse.GetValue(all)) switch
                {
                    ({ } one, false) => [deployer.Stop(one)],
                    (null, true) => deployer.StopAll(),
                    (null, false) => throw new MlopsException(
                        "name the deployment to stop, or give --all (see `mlops deploy list`)",
                        "deploy stop"
                    ),
                    _ => throw new MlopsException("give a name or --all, not both", "deploy stop"),
                };
                foreach (var deployment in stopped)
                    Console.WriteLine($"stopped {deployment.Name} ({Describe(deployment)}, {deployment.Url})");
                if (stopped.Count == 0)
                    Console.WriteLine("no local deployments to stop");
                return 0;
            }
            catch (Exception error)
            {
                return ErrorReporter.Report(error);
            }
        });
        return command;
    }

    private static string Describe(LocalDeployment deployment) =>
        deployment.Runner == LocalRunnerKind.Podman
            ? $"podman container {deployment.Container?[..Math.Min(12, deployment.Container.Length)]}"
            : $"server process {deployment.ProcessId}";
}
