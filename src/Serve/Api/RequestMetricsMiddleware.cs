using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlops.Serve.Metrics;

namespace Mlops.Serve.Api;

/// <summary>Counts model requests by model/version/status and times them; handlers name the model and version they
/// used.</summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, ServeMetrics metrics)
{
    public const string ModelItem = "mlops.model";
    public const string VersionItem = "mlops.version";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        metrics.InFlight.Inc();
        try
        {
            await next(context);
        }
        finally
        {
            metrics.InFlight.Dec();
            if (context.Items[ModelItem] is string model)
            {
                var version = context.Items[VersionItem] as string ?? "";
                var status = context.Response.StatusCode.ToString(CultureInfo.InvariantCulture);
                metrics.Requests.WithLabels(model, version, status).Inc();
                metrics.RequestDuration.WithLabels(model).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }
}
