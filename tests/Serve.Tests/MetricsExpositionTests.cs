using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Serve.Metrics;

namespace Mlops.Serve.Tests;

/// <summary>/metrics as dashboards and Prometheus read it: names, help texts, labels, buckets and format.</summary>
public sealed class MetricsExpositionTests
{
    private const string ClassicText = "text/plain; version=0.0.4; charset=utf-8";

    // What Prometheus 2 sends: OpenMetrics first.
    private const string PrometheusAccept =
        "application/openmetrics-text;version=1.0.0,"
        + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static readonly string[] LatencyBounds =
    [
        "0.0005",
        "0.001",
        "0.0025",
        "0.005",
        "0.01",
        "0.025",
        "0.05",
        "0.1",
        "0.25",
        "0.5",
        "1",
        "2.5",
        "5",
        "10",
        "+Inf",
    ];

    private static readonly string[] BatchBounds = ["1", "2", "4", "8", "16", "32", "64", "128", "256", "+Inf"];

    private static readonly (string Name, string Type, string Help)[] OurFamilies =
    [
        ("mlops_requests_total", "counter", "HTTP requests by model, version and status code."),
        ("mlops_request_duration_seconds", "histogram", "Time from request start to response, by model."),
        ("mlops_queue_wait_seconds", "histogram", "Time a row waited in the batching queue, by model."),
        ("mlops_inference_duration_seconds", "histogram", "Time ONNX Runtime took for one batch, by model."),
        ("mlops_batch_size", "histogram", "Rows per batch run, by model."),
        ("mlops_queue_rejections_total", "counter", "Rows refused with 503 because the queue was full, by model."),
        ("mlops_inflight_requests", "gauge", "Requests being handled right now."),
        ("mlops_queue_length", "gauge", "Rows waiting for a batch, by model."),
        ("mlops_model_load_seconds", "gauge", "How long loading this model version took."),
        ("mlops_model_loaded", "gauge", "1 for every model version currently serving."),
        (
            "mlops_model_load_failures_total",
            "counter",
            "Model loads that failed (the previous version kept serving), by model."
        ),
        ("mlops_model_reloads_total", "counter", "Versions switched in without a restart, by model."),
        (
            "mlops_drift_detected",
            "gauge",
            "1 when the model's recent predictions drift from the training reference (KS and PSI), else 0."
        ),
        (
            "mlops_drift_psi",
            "gauge",
            "Population stability index of recent predictions against the training reference, by feature."
        ),
        ("mlops_drift_window_rows", "gauge", "Recent predictions the drift comparison holds, by model."),
    ];

    // prometheus-net's DotNetStats, the one addition (README of src/Serve).
    private static readonly string[] StandardFamilies =
    [
        "process_start_time_seconds",
        "process_cpu_seconds_total",
        "process_virtual_memory_bytes",
        "process_working_set_bytes",
        "process_private_memory_bytes",
        "process_open_handles",
        "process_num_threads",
        "dotnet_total_memory_bytes",
        "dotnet_collection_count_total",
    ];

    [Fact]
    public async Task Every_family_keeps_its_name_type_help_labels_and_buckets()
    {
        await using var server = ServerFixture.WithBandModel();
        await Eventually.Ok(server.Client, "/ready");
        var version = server.Host.Status("bands").Serving!.Version;
        (await server.Client.PostAsync("/v1/models/bands/predict", Http.Files(("a.png", TestModels.BandPng(2)))))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        var response = await server.Client.GetAsync("/metrics");
        response.Content.Headers.ContentType!.ToString().Should().Be(ClassicText);
        var text = await response.Content.ReadAsStringAsync();

        foreach (var (name, type, help) in OurFamilies)
            text.Should().Contain($"# HELP {name} {help}\n# TYPE {name} {type}\n");
        Metrics
            .Value(text, $"mlops_requests_total{{model=\"bands\",version=\"{version}\",status=\"200\"}}")
            .Should()
            .Be(1);
        Metrics.Value(text, $"mlops_model_loaded{{model=\"bands\",version=\"{version}\"}}").Should().Be(1);
        Metrics.Value(text, $"mlops_model_load_seconds{{model=\"bands\",version=\"{version}\"}}").Should().BePositive();
        Metrics.Value(text, "mlops_inflight_requests").Should().Be(1, "the scrape itself is in flight");
        string[] latencies =
        [
            "mlops_request_duration_seconds",
            "mlops_queue_wait_seconds",
            "mlops_inference_duration_seconds",
        ];
        foreach (var histogram in latencies)
        {
            Metrics.Buckets(text, histogram, "model=\"bands\"").Should().Equal(LatencyBounds, histogram);
            Metrics.Value(text, histogram + "_count{model=\"bands\"}").Should().Be(1, histogram);
        }

        Metrics.Buckets(text, "mlops_batch_size", "model=\"bands\"").Should().Equal(BatchBounds);
        Metrics.Value(text, "mlops_batch_size_bucket{model=\"bands\",le=\"1\"}").Should().Be(1);
        Metrics.Value(text, "mlops_batch_size_sum{model=\"bands\"}").Should().Be(1);
    }

    [Fact]
    public async Task A_scrape_refreshes_the_sampled_queue_length_gauge()
    {
        await using var server = ServerFixture.WithBandModel();
        await Eventually.Ok(server.Client, "/ready");

        // Nothing but the before-scrape sampling sets this gauge, and no request has reached the model.
        var text = await server.Client.GetStringAsync("/metrics");
        Metrics.Value(text, "mlops_queue_length{model=\"bands\"}").Should().Be(0);
    }

    [Fact]
    public async Task Prometheus_asking_for_OpenMetrics_first_still_gets_the_classic_text_with_the_same_bucket_labels()
    {
        await using var server = ServerFixture.WithBandModel();
        await Eventually.Ok(server.Client, "/ready");
        await server.Client.PostAsync("/v1/models/bands/predict", Http.Files(("a.png", TestModels.BandPng(2))));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", PrometheusAccept);
        var response = await server.Client.SendAsync(request);

        response.Content.Headers.ContentType!.ToString().Should().Be(ClassicText);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().NotContain("# EOF");
        Metrics.Buckets(text, "mlops_batch_size", "model=\"bands\"").Should().Equal(BatchBounds, "not le=\"1.0\"");
    }

    [Fact]
    public async Task Only_our_families_and_the_standard_process_ones_are_exposed()
    {
        await using var server = ServerFixture.WithBandModel();
        await Eventually.Ok(server.Client, "/ready");
        await server.Client.PostAsync("/v1/models/bands/predict", Http.Files(("a.png", TestModels.BandPng(2))));

        var families = Metrics.Types(await server.Client.GetStringAsync("/metrics")).Keys;

        families
            .Should()
            .BeEquivalentTo(
                OurFamilies.Select(f => f.Name).Concat(StandardFamilies),
                "no prometheus-net debug series, no ASP.NET Core meters or event counters"
            );
    }

    [Fact]
    public async Task Two_servers_in_one_process_do_not_share_series()
    {
        await using var busy = ServerFixture.WithBandModel();
        await using var idle = ServerFixture.WithBandModel();
        await Eventually.Ok(busy.Client, "/ready");
        await Eventually.Ok(idle.Client, "/ready");
        for (var i = 0; i < 3; i++)
            (await busy.Client.PostAsync("/v1/models/bands/predict", Http.Files(("a.png", TestModels.BandPng(i)))))
                .StatusCode.Should()
                .Be(HttpStatusCode.OK);

        var version = busy.Host.Status("bands").Serving!.Version;
        var requests = $"mlops_requests_total{{model=\"bands\",version=\"{version}\",status=\"200\"}}";
        Metrics.Value(await busy.Client.GetStringAsync("/metrics"), requests).Should().Be(3);
        var idleText = await idle.Client.GetStringAsync("/metrics");
        idleText.Should().NotContain("mlops_requests_total{").And.NotContain("mlops_batch_size_count{");
        idle.Services.GetRequiredService<ServeMetrics>()
            .Registry.Should()
            .NotBeSameAs(busy.Services.GetRequiredService<ServeMetrics>().Registry);
    }
}
