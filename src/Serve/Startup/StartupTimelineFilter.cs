using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Serve.Models;

namespace Mlops.Serve.Startup;

/// <summary>
/// Completes the <see cref="StartupTimeline"/> at the first prediction answered with 200: marks the first request,
/// adds when each model finished loading, and logs the whole timeline once. Costs one flag check per request after
/// that.
/// </summary>
public sealed class StartupTimelineFilter(StartupTimeline timeline) : IStartupFilter
{
    public const string FirstRequest = "first request";
    public const string FirstPrediction = "first prediction answered";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        app =>
        {
            app.Use(
                async (context, nextMiddleware) =>
                {
                    if (timeline.Complete)
                    {
                        await nextMiddleware(context);
                        return;
                    }

                    timeline.Mark(FirstRequest);
                    await nextMiddleware(context);
                    if (IsPrediction(context.Request) && context.Response.StatusCode == StatusCodes.Status200OK)
                        Complete(context.RequestServices);
                }
            );
            next(app);
        };

    private void Complete(IServiceProvider services)
    {
        foreach (var status in services.GetRequiredService<ModelHost>().StatusAll())
            if (status.Serving is { } version)
            {
                timeline.Mark($"{status.Name} load started", (version.LoadedAt - version.LoadTime).UtcDateTime);
                timeline.Mark($"{status.Name} loaded", version.LoadedAt.UtcDateTime);
                if (ModelWarmup.WarmedAt(version) is { } warmed)
                    timeline.Mark($"{status.Name} warmed up", warmed);
            }

        if (timeline.Finish(FirstPrediction))
            services
                .GetRequiredService<ILogger<StartupTimeline>>()
                .LogInformation("startup, ms since the process started: {Timeline}", timeline.Describe());
    }

    private static bool IsPrediction(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.Value is { } path
        && (path.EndsWith("/predict", StringComparison.Ordinal) || path.EndsWith("/infer", StringComparison.Ordinal));
}
