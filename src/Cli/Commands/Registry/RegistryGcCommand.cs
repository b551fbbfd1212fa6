using System.CommandLine;
using System.Globalization;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Errors;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry gc`: frees the files of deleted versions and of pushes interrupted longer ago than the
/// grace period.</summary>
public static class RegistryGcCommand
{
    public static Command Create()
    {
        var grace = new Option<string>("--grace")
        {
            Description =
                "Leave unfinished pushes younger than this alone (e.g. 30m, 24h, 0 to collect every unfinished push)",
            DefaultValueFactory = _ => "24h",
        };
        var command = new Command("gc", "Remove leftovers of interrupted pushes and files of deleted versions")
        {
            grace,
        };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var report = await registry.Collector.CollectAsync(
                    ParseDuration(parse.GetValue(grace)!),
                    cancellationToken
                );
                if (RegistryCli.Json(parse))
                    RegistryCli.PrintJson(report);
                else
                    AnsiConsole.MarkupLine(
                        $"collected {report.CollectedVersions.Count} version(s) "
                            + $"{CliTable.Escape(string.Join(", ", report.CollectedVersions))}: "
                            + $"{report.ObjectsDeleted} objects, {report.BytesFreed:N0} bytes; "
                            + $"{report.StoreLeftovers} temporary file(s)"
                    );
                return 0;
            }
        );
        return command;
    }

    private static TimeSpan ParseDuration(string text)
    {
        if (text == "0")
            return TimeSpan.Zero;
        var unit = text[^1];
        if (
            text.Length > 1
            && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && amount >= 0
        )
        {
            switch (unit)
            {
                case 's':
                    return TimeSpan.FromSeconds(amount);
                case 'm':
                    return TimeSpan.FromMinutes(amount);
                case 'h':
                    return TimeSpan.FromHours(amount);
                case 'd':
                    return TimeSpan.FromDays(amount);
            }
        }
        throw new MlopsException($"'{text}' is not a duration: use e.g. 90s, 30m, 24h, 7d or 0", "--grace");
    }
}
