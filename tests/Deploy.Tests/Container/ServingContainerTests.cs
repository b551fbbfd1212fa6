using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Mlops.Deploy.Image;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Deploy.Tests.Push;

namespace Mlops.Deploy.Tests.Container;

/// <summary>The real image (published server, host base layer, a real ONNX model) pushed to a local registry and run with podman.</summary>
public class ServingContainerTests
{
    [Fact]
    public async Task The_pushed_image_runs_as_non_root_becomes_ready_and_predicts_a_real_image()
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var model = BandModel.Write(work);
        var request = new ImageRequest(
            ServePublish.Directory,
            model.ModelFile,
            TestImages.Card("1"),
            new ImageMetadata("bands", "1")
        );
        var image = ImageBuilder.Build(new BlobStore(work.Combine("layout")), request);
        var pushed = await PushTestImages.Pusher($"{registry.Host}/mlops/bands:v1").PushAsync(image);
        using var podman = new Podman(registry.Host);
        podman.RunOrThrow("pull", "-q", pushed.ImageByDigest);
        var hostPort = ProcessRunner.FreeLoopbackPort();

        var started = Stopwatch.StartNew();
        // Cloud Run's contract: the platform picks PORT; the server must listen there.
        var container = podman
            .RunOrThrow("run", "-d", "-e", "PORT=9090", "-p", $"127.0.0.1:{hostPort}:9090", pushed.ImageByDigest)
            .Trim();
        try
        {
            await HttpProbe.WaitForAsync($"http://127.0.0.1:{hostPort}/ready", TimeSpan.FromSeconds(60));
            using var http = new HttpClient();
            var content = new ByteArrayContent(model.Png);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var response = await http.PostAsync(
                $"http://127.0.0.1:{hostPort}/v1/models/bands/predict?top_k=1",
                content
            );
            started.Stop();
            var body = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue(body);
            using var json = JsonDocument.Parse(body);
            json.RootElement.GetProperty("predictions")[0]
                .GetProperty("top")[0]
                .GetProperty("label")
                .GetString()
                .Should()
                .Be(model.ExpectedLabel);
            podman.RunOrThrow("inspect", "--format", "{{.Config.User}}", container).Trim().Should().Be("65532:65532");
            Console.WriteLine($"container start -> first correct prediction: {started.ElapsedMilliseconds} ms");
        }
        catch
        {
            Console.WriteLine(podman.Run("logs", container).Output + podman.Run("logs", container).Error);
            throw;
        }
    }
}
