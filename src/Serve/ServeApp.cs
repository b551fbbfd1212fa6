using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Mlops.Data.Drift;
using Mlops.Serve.Api;
using Mlops.Serve.Drift;
using Mlops.Serve.Metrics;
using Mlops.Serve.Models;
using Mlops.Serve.Web;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions; // not ASP.NET Core's session-state options

namespace Mlops.Serve;

/// <summary>Wires the server: services from <see cref="ServeOptions"/>, middleware, endpoints. Used by the image's
/// entry point and `mlops serve`.</summary>
public static class ServeApp
{
    public static WebApplication Build(
        string[] args,
        ServeOptions options,
        Action<WebApplicationBuilder>? configure = null
    )
    {
        DriftShipper.CheckDestination(options);
        var builder = WebApplication.CreateSlimBuilder(args);
        // one line per request would drown the model events
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(options);
        AddServices(builder.Services);
        configure?.Invoke(builder);
        var app = builder.Build();
        try
        {
            // Made now, from the options the services hold, so a bad --drift-reference, --model or --no-download is an
            // error before the server listens; each is decided once, here.
            app.Services.GetRequiredService<DriftLogHolder>();
            var host = app.Services.GetRequiredService<ModelHost>();
            var served = app.Services.GetRequiredService<ServeOptions>();
            if (served.NoDownload.FirstOrDefault(name => name != "*" && !host.Names.Contains(name)) is { } unknown)
                throw new Core.Errors.MlopsException(
                    $"'{unknown}' is not a model this server serves ({string.Join(", ", host.Names)})",
                    "--no-download"
                );
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
        MapEndpoints(app);
        return app;
    }

    /// <summary>The training reference live drift is compared with, or null when none is given.</summary>
    private static List<Core.Artifacts.DriftRecord>? LoadDriftReference(ServeOptions options)
    {
        if (options.DriftReference is not { } path)
            return null;
        if (options.Models.Count > 1)
            throw new Core.Errors.MlopsException(
                "a drift reference is one model's training data: serve that model alone to compare its traffic with it "
                    + $"({options.Models.Count} models given)",
                "--drift-reference"
            );
        var records = DriftFiles.Read(path);
        var needed = new DriftAnalysis().MinimumSamples;
        if (records.Count < needed)
            throw new Core.Errors.MlopsException(
                $"a drift reference needs at least {needed} records, this one has {records.Count}",
                path
            );
        if (options.DriftWindow < needed)
            throw new Core.Errors.MlopsException(
                $"the drift window must hold at least {needed} predictions, got {options.DriftWindow}",
                "--drift-window"
            );
        return records;
    }

    public static void AddServices(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServeJsonContext.Default);
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddOpenApi();
        services.AddSingleton<ServeMetrics>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<ServeOptions>();
            return new ModelHost(
                ModelSources.Parse(options),
                provider.GetRequiredService<ServeMetrics>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger<ModelHost>(),
                () => SessionOptionsFor(options),
                options.Batching,
                options.MemoryCapBytes
            );
        });
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<ServeOptions>();
            var driftReference = LoadDriftReference(options);
            var monitor = driftReference is null
                ? null
                : new DriftMonitor(
                    driftReference,
                    options.DriftWindow,
                    provider.GetRequiredService<ServeMetrics>(),
                    analysis: null
                );
            if (options.DriftLogFolder is not { } folder)
                return new DriftLogHolder(null, monitor);
            var log = new DriftLog(folder, options.DriftLogMaxBytes, options.DriftLogMaxFiles);
            if (options.DriftUpload is { } bucket)
                new DriftShipper(
                    ModelSources.OpenBucket(bucket),
                    Environment.MachineName,
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger<DriftShipper>()
                ).Attach(log);
            return new DriftLogHolder(log, monitor);
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WebhookGuard>();
        services.AddSingleton<StartupLoad>();
        services.AddHostedService(provider => provider.GetRequiredService<StartupLoad>());
        services.AddHostedService<ReloadPoller>();
    }

    /// <summary>The ORT session settings every served model gets (a new native object: the caller disposes
    /// it).</summary>
    public static SessionOptions SessionOptionsFor(ServeOptions options)
    {
        var sessionOptions = new SessionOptions { IntraOpNumThreads = options.IntraOpThreads };
        // Spinning threads would take the cores other requests' batches need.
        if (!options.OrtSpinWait)
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return sessionOptions;
    }

    public static void MapEndpoints(WebApplication app)
    {
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseMiddleware<ErrorMiddleware>();
        app.Lifetime.ApplicationStopping.Register(() =>
            app.Services.GetRequiredService<ModelHost>().DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30))
        );

        app.MapOpenApi();
        app.MapGet("/health", HealthEndpoints.Health);
        app.MapGet("/ready", HealthEndpoints.Ready);
        MetricsEndpoint.Map(app);

        app.MapGet("/v1/models", ModelEndpoints.List);
        app.MapGet("/v1/models/{model}", ModelEndpoints.Get);
        app.MapPost(
                "/v1/models/{model}/predict",
                (string model, HttpContext context, ModelHost host, ServeOptions options, DriftLogHolder drift) =>
                    PredictEndpoint.HandleAsync(model, context, host, options, drift)
            )
            .DisableAntiforgery();
        app.MapPost("/v1/models/{model}/reload", WebhookEndpoint.ReloadOneAsync);
        app.MapPost("/v1/registry/webhook", WebhookEndpoint.HandleAsync);

        app.MapGet("/v2/health/live", () => Results.Ok(new V2Ready(true)));
        app.MapGet("/v2/health/ready", (ModelHost host, StartupLoad startup) => HealthEndpoints.Ready(host, startup));
        app.MapGet("/v2/models/{model}", ModelEndpoints.V2Metadata);
        app.MapGet("/v2/models/{model}/ready", ModelEndpoints.V2ModelReady);
        app.MapPost(
            "/v2/models/{model}/infer",
            (string model, HttpContext context, ModelHost host, ServeOptions options) =>
                V2InferEndpoint.HandleAsync(model, null, context, host, options)
        );
        app.MapPost(
            "/v2/models/{model}/versions/{version}/infer",
            (string model, string version, HttpContext context, ModelHost host, ServeOptions options) =>
                V2InferEndpoint.HandleAsync(model, version, context, host, options)
        );

        WebPage.Map(app);
    }
}

/// <summary>Where each prediction's drift record goes: the log and the live comparison, each when configured (DI
/// cannot hold a null singleton).</summary>
public sealed record DriftLogHolder(DriftLog? Log, DriftMonitor? Monitor)
{
    public void Append(IReadOnlyList<Core.Artifacts.DriftRecord> records)
    {
        Log?.Append(records);
        Monitor?.Observe(records);
    }
}
