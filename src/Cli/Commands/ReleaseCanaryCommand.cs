using System.CommandLine;
using Mlops.Deploy.CloudRun;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>`mlops release canary --image ...@sha256:... --percent 10`: a new tagged revision taking part of the traffic.</summary>
public static class ReleaseCanaryCommand
{
    public static Command Create()
    {
        var settings = new ReleaseServiceOptions();
        var percent = new Option<int>("--percent") { Description = "Share of traffic for the canary (1-99)", DefaultValueFactory = _ => 10 };
        var command = new Command("canary", "Roll out a new revision tagged 'canary' with a share of the traffic and its own URL");
        settings.AddTo(command);
        command.Options.Add(percent);
        command.SetReleaseAction(async (parse, releaser, cancel) =>
        {
            var state = await AnsiConsole.Status().StartAsync("rolling out the canary", _ =>
                releaser.CanaryAsync(settings.Read(parse), parse.GetValue(percent), cancel: cancel));
            ReleaseStatusCommand.WriteTraffic(state);
            if (state.Tagged(CloudRunReleaser.CanaryTag)?.Uri is { } uri)
                AnsiConsole.MarkupLine($"canary URL: {Markup.Escape(uri)}");
            return 0;
        });
        return command;
    }
}
