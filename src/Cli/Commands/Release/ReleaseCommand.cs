using System.CommandLine;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;

namespace Mlops.Cli.Commands.Release;

/// <summary>
/// `mlops release deploy|canary|promote|rollback|status`: Cloud Run releases by image digest, on Cloud Run's
/// revision/tag/traffic model. Credentials: Google application default credentials (or $MLOPS_CLOUD_RUN_TOKEN).
/// </summary>
public static class ReleaseCommand
{
    public static readonly Option<string> Project = new("--project")
    {
        Description = "Google Cloud project (default: $GOOGLE_CLOUD_PROJECT)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GOOGLE_CLOUD_PROJECT") ?? "",
    };

    public static readonly Option<string> Region = new("--region")
    {
        Description = "Cloud Run region (default: $MLOPS_CLOUD_RUN_REGION or europe-west1)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MLOPS_CLOUD_RUN_REGION") ?? "europe-west1",
    };

    public static readonly Option<string> Service = new("--service")
    {
        Description = "Cloud Run service name",
        Recursive = true,
        DefaultValueFactory = _ => "mlops-serve",
    };

    public static readonly Option<string?> Endpoint = new("--endpoint")
    {
        Description =
            "Cloud Run Admin API endpoint (default: $MLOPS_CLOUD_RUN_ENDPOINT or https://run.googleapis.com/)",
        Recursive = true,
    };

    public static Command Create()
    {
        var command = new Command(
            "release",
            "Release the serving image on Cloud Run: deploy, canary, promote, rollback, status"
        );
        foreach (var option in new Option[] { Project, Region, Service, Endpoint })
            command.Options.Add(option);
        command.Subcommands.Add(ReleaseDeployCommand.Create());
        command.Subcommands.Add(ReleaseCanaryCommand.Create());
        command.Subcommands.Add(ReleaseTrafficCommands.Promote());
        command.Subcommands.Add(ReleaseTrafficCommands.Rollback());
        command.Subcommands.Add(ReleaseStatusCommand.Create());
        return command;
    }

    /// <summary>Runs a release sub-command with a releaser for the chosen service; user errors print without a stack
    /// trace.</summary>
    public static void SetReleaseAction(
        this Command command,
        Func<ParseResult, CloudRunReleaser, CancellationToken, Task<int>> body
    )
    {
        command.SetAction(
            async (parse, cancel) =>
            {
                try
                {
                    var service = CloudRunService.Create(
                        parse.GetValue(Project)!,
                        parse.GetValue(Region)!,
                        parse.GetValue(Service)!
                    );
                    var client = CloudRunConnection.FromEnvironment(parse.GetValue(Endpoint));
                    return await body(parse, new CloudRunReleaser(client, service), cancel);
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
    }
}
