using System.Text.Json;
using Mlops.Registry.Models;
using Mlops.Registry.Stores.Local;

namespace Mlops.Serve.Tests;

public sealed class RegistryReloadTests
{
    [Fact]
    public async Task Promoting_a_new_version_switches_the_alias_reference_on_the_webhook_with_zero_failed_requests()
    {
        var labelsB = Enumerable.Range(0, 10).Select(c => "b-" + TestModels.Labels[(c + 1) % 10]).ToArray();
        await using var server = ServerFixture.Start(folder =>
        {
            var registry = Path.Combine(folder, "registry");
            Push(registry, TestModels.Write(folder, "v1"), 1).GetAwaiter().GetResult();
            return new ServeOptions
            {
                Models = ["fashion@production"],
                Registry = registry,
                ReloadPollSeconds = 0,
                CacheFolder = Path.Combine(folder, "cache"),
                WebhookSecret = Http.WebhookSecret,
            };
        });
        await Eventually.Ok(server.Client, "/ready");
        (await Http.ReadJson(await server.Client.GetAsync("/v1/models/fashion")))
            .GetProperty("version")
            .GetString()
            .Should()
            .Be("1");

        var clients = new BackgroundClients(server.Client, "fashion", (version, band) =>
            version == "1" ? TestModels.Labels[band] : "b-" + TestModels.Labels[band]
        );
        clients.Start(16);

        await Task.Delay(200);
        var move = await Push(Path.Combine(server.Folder, "registry"), WriteB(server.Folder, labelsB), 2);
        var hook = await Http.PostSigned(
            server.Client,
            "/v1/registry/webhook",
            JsonSerializer.Serialize(move, RegistryJson.Options)
        );
        (await Http.ReadJson(hook)).GetProperty("switched")[0].GetString().Should().Be("fashion");
        await Eventually.True(
            () => Task.FromResult(clients.AnswersByVersion.GetValueOrDefault("2") > 50),
            "version 2 answers"
        );
        await clients.StopAsync();

        clients.Failures.Should().BeEmpty();
        clients.AnswersByVersion.Keys.Should().BeEquivalentTo(["1", "2"]);
        (await Http.ReadJson(await server.Client.GetAsync("/v1/models/fashion")))
            .GetProperty("version")
            .GetString()
            .Should()
            .Be("2");
    }

    private static string WriteB(string folder, string[] labels)
    {
        var path = Path.Combine(folder, "v2.onnx");
        Mlops.Onnx.Model.OnnxModelFile.Write(path, TestModels.Classifier(shift: 1, labels));
        return path;
    }

    /// <summary>Registers the file as the next version of "fashion" and points production at it, as `mlops registry` does.</summary>
    private static async Task<AliasEvent> Push(string registry, string onnx, int expectedVersion)
    {
        using var store = new LocalBlobStore(registry);
        var catalog = new VersionCatalog(store);
        var card = await new ModelPusher(store, catalog, "test").PushAsync(
            new PushRequest { Model = "fashion", Files = [new PushFile(onnx, "model.onnx")] }
        );
        card.Version.Should().Be(expectedVersion);
        return (
            await new AliasBook(store, catalog, "test").PromoteAsync(
                new PromoteRequest("fashion", card.Version, "production")
            )
        )!;
    }
}
