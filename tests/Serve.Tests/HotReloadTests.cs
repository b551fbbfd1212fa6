using System.Net;
using Mlops.Onnx.Model;

namespace Mlops.Serve.Tests;

public sealed class HotReloadTests
{
    /// <summary>Version B answers band k with class k-1, whose label is "b-" + the right name: both versions are always right.</summary>
    private static readonly string[] LabelsB = Enumerable
        .Range(0, 10)
        .Select(c => "b-" + TestModels.Labels[(c + 1) % 10])
        .ToArray();

    [Fact]
    public async Task Replacing_the_model_under_load_switches_versions_with_zero_failed_requests()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { ReloadPollSeconds = 0.2 });
        await Eventually.Ok(server.Client, "/ready");
        var versionA = server.Host.Status("bands").Serving!.Version;
        var clients = new BackgroundClients(server.Client, "bands", (version, band) =>
            version == versionA ? TestModels.Labels[band] : "b-" + TestModels.Labels[band]
        );
        clients.Start(16);

        await Task.Delay(300);
        OnnxModelFile.Write(Path.Combine(server.Folder, "bands.onnx"), TestModels.Classifier(shift: 1, LabelsB)); // temp + rename
        await Eventually.True(
            () => Task.FromResult(server.Host.Status("bands").Serving!.Version != versionA),
            "the poll switches to version B"
        );
        var versionB = server.Host.Status("bands").Serving!.Version;
        await Eventually.True(
            () => Task.FromResult(clients.AnswersByVersion.GetValueOrDefault(versionB) > 50),
            "requests are answered by version B"
        );
        await clients.StopAsync();

        clients.Failures.Should().BeEmpty();
        clients.AnswersByVersion.Keys.Should().BeEquivalentTo([versionA, versionB]);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Metrics.Value(metrics, "mlops_model_reloads_total{model=\"bands\"}").Should().Be(1);
        Metrics.Value(metrics, $"mlops_model_loaded{{model=\"bands\",version=\"{versionB}\"}}").Should().Be(1);
        metrics
            .Should()
            .NotContain(
                $"mlops_model_loaded{{model=\"bands\",version=\"{versionA}\"}}",
                "the drained version is no longer listed"
            );
    }

    [Fact]
    public async Task A_broken_new_file_is_reported_and_the_previous_version_keeps_serving()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { WebhookSecret = Http.WebhookSecret });
        await Eventually.Ok(server.Client, "/ready");
        var before = server.Host.Status("bands").Serving!.Version;
        var path = Path.Combine(server.Folder, "bands.onnx");
        File.WriteAllBytes(path + ".tmp", "this is not an onnx model"u8.ToArray());
        File.Move(path + ".tmp", path, overwrite: true);

        var reload = await Http.ReadJson(await Http.PostSigned(server.Client, "/v1/models/bands/reload", ""));
        reload.GetProperty("switched").GetArrayLength().Should().Be(0);

        var model = await Http.ReadJson(await server.Client.GetAsync("/v1/models/bands"));
        model.GetProperty("version").GetString().Should().Be(before);
        model.GetProperty("last_error").GetString().Should().Contain("bands.onnx");
        var answer = await server.Client.PostAsync(
            "/v1/models/bands/predict",
            Http.Files(("a.png", TestModels.BandPng(8)))
        );
        Http.TopLabel((await Http.ReadJson(answer)).GetProperty("predictions")[0]).Should().Be("eight");
        Metrics
            .Value(await server.Client.GetStringAsync("/metrics"), "mlops_model_load_failures_total{model=\"bands\"}")
            .Should()
            .Be(1);
    }
}
