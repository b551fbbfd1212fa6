using System.CommandLine;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Release;
using Spectre.Console;

namespace Mlops.Cli.Commands.Release;

/// <summary>
/// `mlops release canary --image ...@sha256:... --percent 10 [--model fashion:4 [--alias canary [--reason ...]]]`: a
/// new tagged revision
/// taking part of the traffic, labelled with the registry version it serves; with --alias that alias moves to it too.
/// </summary>
public static class ReleaseCanaryCommand
{
    public static Command Create()
    {
        var settings = new ReleaseServiceOptions();
        var registryOptions = new ReleaseRegistryOptions(versioned: true);
        var percent = new Option<int>("--percent")
        {
            Description = "Share of traffic for the canary (1-99)",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command(
            "canary",
            "Roll out a new revision tagged 'canary' with a share of the traffic and its own URL"
        );
        settings.AddTo(command);
        registryOptions.AddTo(command);
        command.Options.Add(percent);
        command.SetReleaseAction(
            async (parse, releaser, cancel) =>
            {
                var service = settings.Read(parse);
                var modelName = registryOptions.ModelName(parse);
                var alias = parse.GetValue(registryOptions.Alias);
                var outcome = await AnsiConsole
                    .Status()
                    .StartAsync("rolling out the canary", _ =>
                        registryOptions
                            .Release(parse, releaser)
                            .CanaryAsync(
                                service,
                                parse.GetValue(percent),
                                parse.GetValue(registryOptions.Model),
                                alias,
                                parse.GetValue(registryOptions.Reason),
                                cancel
                            )
                    );
                ReleaseStatusCommand.WriteTraffic(outcome.State);
                if (outcome.State.Tagged(CloudRunReleaser.CanaryTag)?.Uri is { } uri)
                    AnsiConsole.MarkupLine($"canary URL: {Markup.Escape(uri)}");
                if (alias is not null)
                    AnsiConsole.MarkupLine(
                        $"alias [bold]{Markup.Escape(modelName!)}@{Markup.Escape(alias)}[/] → the canary's version"
                    );
                return 0;
            }
        );
        return command;
    }
}
