using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Prometheus;

namespace Mlops.Serve.Metrics;

/// <summary>
/// GET /metrics: this server's <see cref="ServeMetrics"/> registry, serialized by prometheus-net. Its own
/// serializer rather than prometheus-net.AspNetCore's MapMetrics: that package drags stand-alone Kestrel, IIS and
/// Razor Pages assemblies into the trimmed image for a middleware that adds nothing we use.
/// </summary>
public static class MetricsEndpoint
{
    public static void Map(WebApplication app) => app.MapGet("/metrics", WriteAsync);

    // Always the classic text format (version 0.0.4), whatever the Accept header. OpenMetrics, which Prometheus asks
    // for first, writes le="1.0" where we write le="1": other series on Prometheus 2, and dashboards naming a bucket
    // break.
    private static async Task WriteAsync(HttpContext context, ServeMetrics metrics)
    {
        context.Response.ContentType = PrometheusConstants.TextContentTypeWithVersionAndEncoding;
        await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
    }
}
