using System.CommandLine;
using System.Text.Json;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Errors;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>What every registry sub-command shares: the store option, --json, opening the registry, reporting
/// errors.</summary>
public static class RegistryCli
{
    public static readonly Option<string> StoreOption = RegistryStoreOption.Create(recursive: true);

    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print JSON instead of a table",
        Recursive = true,
    };

    public static readonly Option<string?> WebhookOption = new("--webhook")
    {
        Description = "URL to POST every alias move to (default: $MLOPS_REGISTRY_WEBHOOK)",
        Recursive = true,
        DefaultValueFactory = _ =>
            Environment.GetEnvironmentVariable("MLOPS_REGISTRY_WEBHOOK") is { Length: > 0 } url ? url : null,
    };

    /// <summary>Runs a sub-command's body with the registry open; user errors are printed as "error: where: what",
    /// never a stack trace.</summary>
    /// <param name="createsRegistry">push: a --registry folder that does not exist yet is created, not refused.</param>
    public static void SetRegistryAction(
        this Command command,
        Func<ParseResult, ModelRegistry, CancellationToken, Task<int>> body,
        bool createsRegistry = false
    )
    {
        command.SetAction(
            async (parseResult, cancellationToken) =>
            {
                try
                {
                    using var registry = Open(parseResult, createsRegistry);
                    return await body(parseResult, registry, cancellationToken);
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
    }

    public static bool Json(ParseResult parseResult) => parseResult.GetValue(JsonOption);

    public static void PrintJson<T>(T value) =>
        Console.WriteLine(JsonSerializer.Serialize(value, RegistryJson.Options));

    public static int ParseVersion(ModelRef reference, string argument)
    {
        if (reference.Version is not { } version)
            throw new MlopsException($"'{reference}' must name a version, e.g. {reference.Model}:3", argument);
        return version;
    }

    private static ModelRegistry Open(ParseResult parseResult, bool createsRegistry)
    {
        var uri = RegistryStoreOption.Resolve(parseResult, StoreOption, createsRegistry);
        var webhook = parseResult.GetValue(WebhookOption);
        Uri? webhookUri = null;
        if (webhook is not null && !Uri.TryCreate(webhook, UriKind.Absolute, out webhookUri))
            throw new MlopsException($"'{webhook}' is not an absolute URL", "--webhook");
        return new ModelRegistry(BlobStoreFactory.Open(uri), new RegistryOptions { Webhook = webhookUri });
    }
}
