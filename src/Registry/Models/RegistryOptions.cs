namespace Mlops.Registry.Models;

/// <summary>Who acts on the registry, and where alias moves are announced.</summary>
public sealed record RegistryOptions
{
    /// <summary>Recorded in cards and history; defaults to MLOPS_ACTOR or user@host.</summary>
    public string Actor { get; init; } = DefaultActor();

    /// <summary>POSTed on every alias move when set (MLOPS_REGISTRY_WEBHOOK).</summary>
    public Uri? Webhook { get; init; }

    /// <summary>Signs each webhook (MLOPS_WEBHOOK_SECRET, shared with the server that receives them).</summary>
    public string? WebhookSecret { get; init; } = Core.Security.WebhookSignature.SecretFromEnvironment();

    public Action<string> Warn { get; init; } = message => Console.Error.WriteLine($"warning: {message}");

    public static string DefaultActor() =>
        Environment.GetEnvironmentVariable("MLOPS_ACTOR") is { Length: > 0 } actor
            ? actor
            : $"{Environment.UserName}@{Environment.MachineName}";
}
