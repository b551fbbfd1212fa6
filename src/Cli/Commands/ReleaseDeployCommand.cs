using System.CommandLine;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>`mlops release deploy --image host/repo@sha256:...`: create the service or send all traffic to a new revision.</summary>
public static class ReleaseDeployCommand
{
    public static Command Create()
    {
        var settings = new ReleaseServiceOptions();
        var command = new Command("deploy", "Create or update the Cloud Run service with this image (100% of traffic), wait until it is ready");
        settings.AddTo(command);
        command.SetReleaseAction(async (parse, releaser, cancel) =>
        {
            var state = await AnsiConsole.Status().StartAsync("deploying (waiting for Cloud Run's operation)", _ =>
                releaser.DeployAsync(settings.Read(parse), cancel: cancel));
            AnsiConsole.MarkupLine($"revision [bold]{Markup.Escape(state.LatestReadyRevision ?? "?")}[/] serves 100% at {Markup.Escape(state.Uri ?? "?")}");
            return 0;
        });
        return command;
    }
}
