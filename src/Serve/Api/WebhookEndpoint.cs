using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Mlops.Serve.Batching;
using Mlops.Serve.Errors;
using Mlops.Serve.Models;

namespace Mlops.Serve.Api;

public sealed record WebhookAnswer(IReadOnlyList<string> Checked, IReadOnlyList<string> Switched);

/// <summary>
/// POST /v1/registry/webhook: the registry's alias-move notification ({"model": "fashion", "alias": "production",
/// ...}).
/// Every served model following that model is checked at once instead of at the next poll.
/// POST /v1/models/{model}/reload does the same for one model by hand. Both change what is served, so both are
/// signed (<see cref="WebhookGuard"/>).
/// </summary>
public static class WebhookEndpoint
{
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<IResult> HandleAsync(HttpContext context, ModelHost host, WebhookGuard guard)
    {
        var body = await BodyReader.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        guard.Check(context, body);
        string? model;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ServeException(400, "expected a JSON object {\"model\": \"<name>\", ...}", "request body");
            model = document.RootElement.TryGetProperty("model", out var m)
                ? m.ValueKind switch
                {
                    JsonValueKind.String => m.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw new ServeException(400, $"model must be a string, got {m.GetRawText()}", "model"),
                }
                : null;
        }
        catch (JsonException error)
        {
            throw new ServeException(400, $"invalid JSON: {error.Message}", "request body");
        }

        if (string.IsNullOrEmpty(model))
            throw new ServeException(400, "the event names no model", "model");
        var following = host.Names.Where(name => host.Follows(name, model)).ToList();
        var switched = new List<string>();
        foreach (var name in following)
            if (await host.ReloadAsync(name, context.RequestAborted) == ReloadOutcome.Switched)
                switched.Add(name);
        return Results.Ok(new WebhookAnswer(following, switched));
    }

    public static async Task<IResult> ReloadOneAsync(
        string model,
        HttpContext context,
        ModelHost host,
        WebhookGuard guard
    )
    {
        guard.Check(context, await BodyReader.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted));
        var outcome = await host.ReloadAsync(model, context.RequestAborted);
        return Results.Ok(new WebhookAnswer([model], outcome == ReloadOutcome.Switched ? [model] : []));
    }
}
