using System.CommandLine;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Release;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Release;

/// <summary>
/// `mlops release status [--model fashion] [--alias production]`: the traffic split with tags and URLs, every revision
/// with its image, the registry version it serves and the aliases on that version, and whether the aliases that follow
/// the service agree with it (AGREE/DISAGREE lines; see <see cref="ReleaseRegistryView"/>).
/// </summary>
public static class ReleaseStatusCommand
{
    public static Command Create()
    {
        var registryOptions = new ReleaseRegistryOptions(versioned: false);
        var command = new Command(
            "status",
            "Show the service's traffic split, tags and revisions, with the registry version and aliases each "
                + "revision serves"
        );
        foreach (var option in new Option[] { registryOptions.Model, registryOptions.Alias, registryOptions.Registry })
            command.Options.Add(option);
        command.SetReleaseAction(
            async (parse, releaser, cancel) =>
            {
                var status = await releaser.StatusAsync(cancel);
                var model = registryOptions.ModelName(parse) ?? ReleaseRegistryView.LabelledModel(status);
                IReadOnlyList<AliasState> aliases = [];
                if (model is not null)
                {
                    using var registry = registryOptions.OpenRegistry(parse);
                    aliases = await registry.Aliases.AllAsync(model, cancel);
                }
                var view = ReleaseRegistryView.Build(status, model, aliases);

                AnsiConsole.MarkupLine(
                    $"service [bold]{Markup.Escape(status.Service.Name)}[/] at "
                        + $"{Markup.Escape(status.Service.Uri ?? "?")}"
                );
                WriteTraffic(status.Service);
                var revisions = new Table()
                    .Border(TableBorder.Rounded)
                    .AddColumn("revision")
                    .AddColumn(new TableColumn("traffic").RightAligned())
                    .AddColumn(model is null ? "version" : $"{Markup.Escape(model)} version")
                    .AddColumn("aliases")
                    .AddColumn("image")
                    .AddColumn("created")
                    .AddColumn("ready");
                foreach (var row in view.Rows)
                    revisions.AddRow(
                        Markup.Escape(row.Revision),
                        $"{row.Percent}%",
                        row.Version is { } v ? ReleaseAliasSync.VersionText(v) : "-",
                        Markup.Escape(string.Join(", ", row.Aliases)),
                        Markup.Escape(row.Info.Image ?? ""),
                        Markup.Escape(row.Info.CreateTime ?? ""),
                        row.Info.Ready ? "yes" : "no"
                    );
                AnsiConsole.Write(revisions);
                foreach (var line in view.Checks(parse.GetValue(registryOptions.Alias)))
                    AnsiConsole.MarkupLine(
                        line.StartsWith("AGREE", StringComparison.Ordinal)
                            ? $"[green]{Markup.Escape(line)}[/]"
                            : $"[red bold]{Markup.Escape(line)}[/]"
                    );
                return 0;
            }
        );
        return command;
    }

    public static void WriteTraffic(ServiceState state)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumn("revision")
            .AddColumn(new TableColumn("traffic").RightAligned())
            .AddColumn("tag")
            .AddColumn("url");
        foreach (var target in state.TrafficStatuses)
            table.AddRow(
                Markup.Escape(target.Revision ?? $"latest ({state.LatestReadyRevision})"),
                $"{target.Percent}%",
                Markup.Escape(target.Tag ?? ""),
                Markup.Escape(target.Uri ?? "")
            );
        AnsiConsole.Write(table);
    }
}
