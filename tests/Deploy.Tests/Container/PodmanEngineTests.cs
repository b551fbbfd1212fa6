using System.Net.Http.Headers;
using System.Text.Json;
using Mlops.Deploy.Image;
using Mlops.Deploy.Local;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Container;

/// <summary>The product's podman runner (what `deploy.target: local` uses) on the real image loaded from its OCI archive.</summary>
public class PodmanEngineTests
{
    [Fact]
    public async Task The_image_loaded_from_its_archive_runs_answers_ready_and_predicts_then_is_removed()
    {
        PodmanEngine.IsAvailable().Should().BeTrue("podman and runc are test packages (scripts/apt-test.txt)");
        using var work = new TempDirectory("pe", shortName: true);
        var model = BandModel.Write(work);
        var request = new ImageRequest(
            ServePublish.Directory,
            model.ModelFile,
            TestImages.Card("1"),
            new ImageMetadata("bands", "1")
        );
        var image = ImageBuilder.Build(new BlobStore(work.Combine("layout")), request);
        var archive = work.Combine("image.oci.tar");
        OciArchive.Write(image, archive, "bands-1");
        var podman = new PodmanEngine(work.Combine("podman"));
        var port = ProcessRunner.FreeLoopbackPort();
        string? container = null;
        try
        {
            podman.Load(archive);
            container = podman.Run(image.Config.Digest.Hex, "mlops-bands-test", port, 8080);
            await HttpProbe.WaitForAsync($"http://127.0.0.1:{port}/ready", TimeSpan.FromSeconds(90));
            podman.IsRunning(container).Should().BeTrue();

            using var http = new HttpClient();
            var content = new ByteArrayContent(model.Png);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var response = await http.PostAsync($"http://127.0.0.1:{port}/v1/models/bands/predict", content);
            var body = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue(body);
            using var json = JsonDocument.Parse(body);
            json.RootElement.GetProperty("predictions")[0]
                .GetProperty("top")[0]
                .GetProperty("label")
                .GetString()
                .Should()
                .Be(model.ExpectedLabel);

            podman.Remove(container);
            podman.IsRunning(container).Should().BeFalse();
            podman.Remove(container); // removing what is gone is not an error
        }
        catch when (container is not null)
        {
            Console.WriteLine(podman.Logs(container));
            throw;
        }
        finally
        {
            if (container is not null)
                podman.Remove(container);
            ProcessRunner.Run(
                "podman",
                [.. podman.GlobalArguments, "system", "reset", "--force"],
                new Dictionary<string, string> { ["CONTAINERS_CONF"] = work.Combine("podman", "containers.conf") }
            );
        }
    }
}
