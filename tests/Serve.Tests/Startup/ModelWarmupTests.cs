using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Serve.Startup;

namespace Mlops.Serve.Tests.Startup;

public sealed class ModelWarmupTests
{
    [Fact]
    public async Task A_preloaded_model_is_warmed_up_before_ready_says_yes_and_the_warm_up_is_not_counted_as_traffic()
    {
        await using var server = ServerFixture.WithBandModel();
        await Eventually.Ok(server.Client, "/ready");
        var readyAt = DateTime.UtcNow;

        var serving = server.Host.Status("bands").Serving!;
        ModelWarmup.WarmedAt(serving).Should().NotBeNull().And.BeOnOrBefore(readyAt);

        (await server.Client.PostAsync("/v1/models/bands/predict", PngBody.Band(6)))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Metrics
            .Value(metrics, "mlops_batch_size_count{model=\"bands\"}")
            .Should()
            .Be(1, "the warm-up bypasses the batcher: only the request ran a batch");
        server
            .Services.GetRequiredService<StartupTimeline>()
            .Milestones.Select(m => m.Name)
            .Should()
            .Contain("bands warmed up");
    }

    [Fact]
    public async Task A_model_loaded_on_its_first_request_is_not_warmed_up_by_start()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { Preload = false });
        (await server.Client.PostAsync("/v1/models/bands/predict", PngBody.Band(4)))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        ModelWarmup.WarmedAt(server.Host.Status("bands").Serving!).Should().BeNull();
    }

    [Fact]
    public async Task Warming_up_runs_one_blank_image_through_the_model()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { Preload = false });
        var version = await server.Host.AcquireAsync("bands", CancellationToken.None);

        version.WarmUp().Should().BeTrue();
        ModelWarmup.WarmedAt(version).Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromSeconds(10));
    }
}
