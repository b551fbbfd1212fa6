using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Artifacts;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry show fashion@production`: the model card of one version, with its tags.</summary>
public static class RegistryShowCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("ref") { Description = "name (latest), name:version or name@alias" };
        var command = new Command("show", "Show a version's model card: files, metrics, lineage, tags") { reference };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var card = await registry.ResolveAsync(ModelRef.Parse(parse.GetValue(reference)!), cancellationToken);
                var tags = await registry.Tags.GetAsync(card.Model, card.Version, cancellationToken);
                if (RegistryCli.Json(parse))
                {
                    RegistryCli.PrintJson(new { card, tags });
                    return 0;
                }
                var table = CliTable.New("field", "value");
                table.AddRow("version", $"{CliTable.Escape(card.Model)}:{card.Version}");
                table.AddRow("created", $"{card.CreatedAt:u} by {CliTable.Escape(card.CreatedBy)}");
                if (card.Description is not null)
                    table.AddRow("description", CliTable.Escape(card.Description));
                foreach (var (name, value) in card.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
                    table.AddRow($"metric {CliTable.Escape(name)}", value.ToString("G6"));
                foreach (var file in card.Files)
                    table.AddRow($"file {CliTable.Escape(file.Name)}", $"{file.Size:N0} bytes sha256 {file.Sha256}");
                table.AddRow(
                    "lineage",
                    CliTable.Escape(
                        $"run={card.Lineage.Run ?? "-"} commit={card.Lineage.GitCommit ?? "-"} "
                            + $"data={card.Lineage.DataFingerprint ?? "-"} "
                            + $"parent={card.Lineage.ParentVersion?.ToString() ?? "-"}"
                    )
                );
                foreach (var (key, value) in tags)
                    table.AddRow($"tag {CliTable.Escape(key)}", CliTable.Escape(value));
                if (await QuantizeChoiceAsync(registry, card, cancellationToken) is { } choice)
                    table.AddRow("int8 or fp32", CliTable.Escape(choice));
                AnsiConsole.Write(table);
                return 0;
            }
        );
        return command;
    }

    /// <summary>The serving choice the version's quantize.json states (older reports: their gate), or null without
    /// one.</summary>
    private static async Task<string?> QuantizeChoiceAsync(
        ModelRegistry registry,
        ModelCard card,
        CancellationToken cancellationToken
    )
    {
        var bytes = await registry.Puller.ReadSmallFileAsync(
            card,
            ArtifactNames.QuantizeReport,
            cancellationToken: cancellationToken
        );
        if (bytes is null)
            return null;
        return QuantizeReportFile.ReadDecision(bytes)?.Choice ?? $"unreadable {ArtifactNames.QuantizeReport}";
    }
}
