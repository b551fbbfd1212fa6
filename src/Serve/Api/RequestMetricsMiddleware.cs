using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlops.Serve.Metrics;

namespace Mlops.Serve.Api;

/// <summary>Counts model requests by model/version/status and times them; handlers name the model and version they used.</summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, ServeMetrics metrics)
{
    public const string ModelItem = "mlops.model";
    public const string VersionItem = "mlops.version";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        metrics.InFlight.Add(1);
        try
        {
            await next(context);
        }
        finally
        {
            metrics.InFlight.Add(-1);
            if (context.Items[ModelItem] is string model)
            {
                var version = context.Items[VersionItem] as string ?? "";
                metrics.Requests.Inc(1, model, version, context.Response.StatusCode.ToString(CultureInfo.InvariantCulture));
                metrics.RequestDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds, model);
            }
        }
    }
}
