using System.Collections.Concurrent;
using System.Net;
using Mlops.Onnx.Model;

namespace Mlops.Serve.Tests;

public sealed class HotReloadTests
{
    /// <summary>Version B answers band k with class k-1, whose label is "b-" + the right name: both versions are always right.</summary>
    private static readonly string[] LabelsB = Enumerable.Range(0, 10).Select(c => "b-" + TestModels.Labels[(c + 1) % 10]).ToArray();

    [Fact]
    public async Task Replacing_the_model_under_load_switches_versions_with_zero_failed_requests()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { ReloadPollSeconds = 0.2 });
        await Eventually.Ok(server.Client, "/ready");
        var versionA = server.Host.Status("bands").Serving!.Version;
        var images = Enumerable.Range(0, 10).Select(band => TestModels.BandPng(band)).ToArray();
        var failures = new ConcurrentBag<string>();
        var seen = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();

        var clients = Enumerable.Range(0, 16).Select(c => Task.Run(async () =>
        {
            for (var i = c; !stop.IsCancellationRequested; i++)
            {
                var band = i % 10;
                var response = await server.Client.PostAsync("/v1/models/bands/predict?top_k=1", Http.Files(("x.png", images[band])));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    continue;
                }

                var body = await Http.ReadJson(response);
                var label = Http.TopLabel(body.GetProperty("predictions")[0]);
                var version = body.GetProperty("version").GetString()!;
                seen.AddOrUpdate(version, 1, (_, n) => n + 1);
                var expected = version == versionA ? TestModels.Labels[band] : "b-" + TestModels.Labels[band];
                if (label != expected) failures.Add($"version {version} answered {label} for band {band}");
            }
        })).ToArray();

        await Task.Delay(300);
        OnnxModelFile.Write(Path.Combine(server.Folder, "bands.onnx"), TestModels.Classifier(shift: 1, LabelsB)); // temp + rename
        await Eventually.True(() => Task.FromResult(server.Host.Status("bands").Serving!.Version != versionA), "the poll switches to version B");
        var versionB = server.Host.Status("bands").Serving!.Version;
        await Eventually.True(() => Task.FromResult(seen.GetValueOrDefault(versionB) > 50), "requests are answered by version B");
        stop.Cancel();
        await Task.WhenAll(clients);

        failures.Should().BeEmpty();
        seen.Keys.Should().BeEquivalentTo([versionA, versionB]);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Metrics.Value(metrics, "mlops_model_reloads_total{model=\"bands\"}").Should().Be(1);
        Metrics.Value(metrics, $"mlops_model_loaded{{model=\"bands\",version=\"{versionB}\"}}").Should().Be(1);
        metrics.Should().NotContain($"version=\"{versionA}\"}} 1\nmlops_model_load_failures", "the old version is no longer listed as loaded");
    }

    [Fact]
    public async Task A_broken_new_file_is_reported_and_the_previous_version_keeps_serving()
    {
        await using var server = ServerFixture.WithBandModel();
        await Eventually.Ok(server.Client, "/ready");
        var before = server.Host.Status("bands").Serving!.Version;
        var path = Path.Combine(server.Folder, "bands.onnx");
        File.WriteAllBytes(path + ".tmp", "this is not an onnx model"u8.ToArray());
        File.Move(path + ".tmp", path, overwrite: true);

        var reload = await Http.ReadJson(await server.Client.PostAsync("/v1/models/bands/reload", null));
        reload.GetProperty("switched").GetArrayLength().Should().Be(0);

        var model = await Http.ReadJson(await server.Client.GetAsync("/v1/models/bands"));
        model.GetProperty("version").GetString().Should().Be(before);
        model.GetProperty("last_error").GetString().Should().Contain("bands.onnx");
        var answer = await server.Client.PostAsync("/v1/models/bands/predict", Http.Files(("a.png", TestModels.BandPng(8))));
        Http.TopLabel((await Http.ReadJson(answer)).GetProperty("predictions")[0]).Should().Be("eight");
        Metrics.Value(await server.Client.GetStringAsync("/metrics"), "mlops_model_load_failures_total{model=\"bands\"}").Should().Be(1);
    }
}
