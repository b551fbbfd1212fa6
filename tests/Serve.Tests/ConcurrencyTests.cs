using System.Collections.Concurrent;
using System.Net;

namespace Mlops.Serve.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Sixty_four_clients_send_two_thousand_requests_all_answered_correctly_in_shared_batches()
    {
        await using var server = ServerFixture.WithBandModel();
        var images = Enumerable.Range(0, 10).Select(band => TestModels.BandPng(band)).ToArray();
        var next = -1;
        var wrong = new ConcurrentBag<string>();

        await Task.WhenAll(
            Enumerable
                .Range(0, 64)
                .Select(_ =>
                    Task.Run(async () =>
                    {
                        int i;
                        while ((i = Interlocked.Increment(ref next)) < 2000)
                        {
                            var band = i % 10;
                            var response = await server.Client.PostAsync(
                                "/v1/models/bands/predict?top_k=1",
                                Http.Files(($"{i}.png", images[band]))
                            );
                            if (response.StatusCode != HttpStatusCode.OK)
                            {
                                wrong.Add(
                                    $"{i}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
                                );
                                continue;
                            }

                            var label = Http.TopLabel((await Http.ReadJson(response)).GetProperty("predictions")[0]);
                            if (label != TestModels.Labels[band])
                                wrong.Add($"{i}: band {band} answered {label}");
                        }
                    })
                )
        );

        wrong.Should().BeEmpty();
        var metrics = await server.Client.GetStringAsync("/metrics");
        var batches = Metrics.Value(metrics, "mlops_batch_size_count{model=\"bands\"}");
        var singles = Metrics.Value(metrics, "mlops_batch_size_bucket{model=\"bands\",le=\"1\"}");
        Metrics.Value(metrics, "mlops_batch_size_sum{model=\"bands\"}").Should().Be(2000);
        singles.Should().BeLessThan(batches, "some batches must hold more than one row");
        Metrics
            .Value(
                metrics,
                "mlops_requests_total{model=\"bands\",version=\""
                    + server.Host.Status("bands").Serving!.Version
                    + "\",status=\"200\"}"
            )
            .Should()
            .Be(2000);
    }
}
