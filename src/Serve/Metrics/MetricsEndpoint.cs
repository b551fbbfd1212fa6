using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Mlops.Serve.Metrics;

/// <summary>GET /metrics: this server's <see cref="ServeMetrics"/> registry, serialized by prometheus-net.</summary>
public static class MetricsEndpoint
{
    public static void Map(WebApplication app)
    {
        var registry = app.Services.GetRequiredService<ServeMetrics>().Registry;
        app.MapMetrics(settings =>
        {
            settings.Registry = registry;
            // Always the classic text format (version 0.0.4). OpenMetrics, which Prometheus asks for first, writes
            // le="1.0" where we wrote le="1": other series on Prometheus 2, and dashboards that name a bucket break.
            settings.EnableOpenMetrics = false;
        }, "/metrics");
    }
}
