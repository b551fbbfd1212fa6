using Microsoft.AspNetCore.Http;
using Mlops.Serve.Models;

namespace Mlops.Serve.Api;

/// <summary>/health says the process answers; /ready says the models it was asked to preload are serving.</summary>
public static class HealthEndpoints
{
    public static IResult Health() => Results.Ok(new HealthAnswer("alive"));

    public static IResult Ready(ModelHost host, StartupLoad startup)
    {
        var statuses = host.StatusAll();
        var ready = statuses
            .Where(s => s.Serving is not null || (!startup.Preloaded && s.LastError is null))
            .Select(s => s.Name)
            .ToList();
        var notReady = statuses.Select(s => s.Name).Except(ready).ToList();
        var isReady = startup.Finished && notReady.Count == 0 && statuses.Count > 0;
        var answer = new ReadyAnswer(isReady ? "ready" : "not ready", ready, notReady);
        return isReady ? Results.Ok(answer) : Results.Json(answer, statusCode: 503);
    }
}
