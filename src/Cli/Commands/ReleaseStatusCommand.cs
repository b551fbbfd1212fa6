using System.CommandLine;
using Mlops.Deploy.CloudRun;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>`mlops release status`: the traffic split with tags and URLs, and every revision with its image.</summary>
public static class ReleaseStatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Show the service's traffic split, tags and revisions");
        command.SetReleaseAction(async (_, releaser, cancel) =>
        {
            var status = await releaser.StatusAsync(cancel);
            AnsiConsole.MarkupLine($"service [bold]{Markup.Escape(status.Service.Name)}[/] at {Markup.Escape(status.Service.Uri ?? "?")}");
            WriteTraffic(status.Service);
            var revisions = new Table().Border(TableBorder.Rounded).AddColumn("revision").AddColumn("image").AddColumn("created").AddColumn("ready");
            foreach (var revision in status.Revisions)
                revisions.AddRow(Markup.Escape(revision.Name), Markup.Escape(revision.Image ?? ""), Markup.Escape(revision.CreateTime ?? ""), revision.Ready ? "yes" : "no");
            AnsiConsole.Write(revisions);
            return 0;
        });
        return command;
    }

    public static void WriteTraffic(ServiceState state)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("revision").AddColumn(new TableColumn("traffic").RightAligned()).AddColumn("tag").AddColumn("url");
        foreach (var target in state.TrafficStatuses)
            table.AddRow(Markup.Escape(target.Revision ?? $"latest ({state.LatestReadyRevision})"), $"{target.Percent}%", Markup.Escape(target.Tag ?? ""), Markup.Escape(target.Uri ?? ""));
        AnsiConsole.Write(table);
    }
}
