using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mlops.Cli.Commands.Common;
using Mlops.Deploy.Local;
using Spectre.Console;

namespace Mlops.Cli.Commands.Deploy;

/// <summary>`mlops deploy list [--json]`: the servers deployed on this machine, whichever runner started
/// them.</summary>
public static class DeployListCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("list", "List the local deployments (podman containers and server processes)")
        {
            json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var (deployments, unreadable) = new LocalDeployer(new(LocalDeploymentStore.DefaultFolder())).List();
                foreach (var file in unreadable)
                    Console.Error.WriteLine($"warning: {file}: not a deployment record; delete it if nothing runs");
                if (parse.GetValue(json))
                    Console.WriteLine(JsonSerializer.Serialize(deployments.Select(Json), JsonOptions));
                else
                    PrintTable(deployments);
                return 0;
            }
            catch (Exception error)
            {
                return ErrorReporter.Report(error);
            }
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static object Json(LocalDeploymentStatus status) =>
        new
        {
            name = status.Deployment.Name,
            runner = status.Deployment.Runner.ToString().ToLowerInvariant(),
            state = State(status),
            url = status.Deployment.Url,
            model = status.Deployment.Model,
            started_at = status.Deployment.StartedAt,
            container = status.Deployment.Container,
            pid = status.Deployment.ProcessId,
        };

    private static string State(LocalDeploymentStatus status) => status.Running ? "running" : "exited";

    private static void PrintTable(IReadOnlyList<LocalDeploymentStatus> deployments)
    {
        if (deployments.Count == 0)
        {
            Console.WriteLine(
                "no local deployments: `mlops quickstart` or `mlops pipeline` (deploy.target: local) start one"
            );
            return;
        }
        var table = CliTable.New("name", "runner", "state", "url", "model", "started (UTC)");
        foreach (var status in deployments)
        {
            var d = status.Deployment;
            table.AddRow(
                CliTable.Escape(d.Name),
                d.Runner == LocalRunnerKind.Podman ? "podman" : $"process {d.ProcessId}",
                status.Running ? "[green]running[/]" : "[red]exited[/]",
                CliTable.Escape(d.Url),
                CliTable.Escape(d.Model),
                d.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            );
        }
        AnsiConsole.Write(table);
        Console.WriteLine("stop one: mlops deploy stop <name>; all: mlops deploy stop --all");
    }
}
