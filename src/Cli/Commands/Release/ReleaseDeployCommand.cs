using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Deploy.Release;
using Spectre.Console;

namespace Mlops.Cli.Commands.Release;

/// <summary>
/// `mlops release deploy --image host/repo@sha256:... [--model fashion:4]`: create the service or send all traffic to
/// a new revision, labelled with the registry version it serves (what promote/rollback read to move aliases).
/// </summary>
public static class ReleaseDeployCommand
{
    public static Command Create()
    {
        var settings = new ReleaseServiceOptions();
        var model = new Option<string?>("--model")
        {
            Description =
                "Registry version the image holds (fashion:4 or fashion@staging), checked and recorded as revision "
                + "labels",
        };
        var registryUri = new ReleaseRegistryOptions(versioned: true).Registry;
        var command = new Command(
            "deploy",
            "Create or update the Cloud Run service with this image (100% of traffic), wait until it is ready"
        );
        settings.AddTo(command);
        command.Options.Add(model);
        command.Options.Add(registryUri);
        command.SetReleaseAction(
            async (parse, releaser, cancel) =>
            {
                var service = settings.Read(parse);
                var release = new ModelRelease(releaser, () => RegistryStoreOption.Resolve(parse, registryUri));
                var state = await AnsiConsole
                    .Status()
                    .StartAsync("deploying (waiting for Cloud Run's operation)", _ =>
                        release.DeployAsync(service, parse.GetValue(model), cancel)
                    );
                AnsiConsole.MarkupLine(
                    $"revision [bold]{Markup.Escape(state.LatestReadyRevision ?? "?")}[/] serves 100% at "
                        + $"{Markup.Escape(state.Uri ?? "?")}"
                );
                return 0;
            }
        );
        return command;
    }
}
