using System.Diagnostics;
using Mlops.Deploy.Image;
using Mlops.Deploy.Push;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Deploy.Tests.Push;

namespace Mlops.Deploy.Tests.Container;

/// <summary>The real image (published server, host base layer) pushed to a local registry and run with podman.</summary>
public class ServingContainerTests
{
    [Fact]
    public async Task The_pushed_image_runs_as_non_root_and_answers_health_on_port_8080()
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var image = ImageBuilder.Build(new BlobStore(work.Combine("layout")),
            TestImages.Request(ServePublish.Directory, ServePublish.OnnxRuntime, TestImages.Model(work, 1)));
        var pushed = await PushTestImages.Pusher($"{registry.Host}/mlops/fashion:v1").PushAsync(image);
        using var podman = new Podman(registry.Host);
        podman.RunOrThrow("pull", "-q", pushed.ImageByDigest);
        var hostPort = ProcessRunner.FreeLoopbackPort();

        var started = Stopwatch.StartNew();
        var container = podman.RunOrThrow("run", "-d", "-p", $"127.0.0.1:{hostPort}:8080", pushed.ImageByDigest).Trim();
        var answer = await HttpProbe.WaitForAsync($"http://127.0.0.1:{hostPort}/health", TimeSpan.FromSeconds(30));
        started.Stop();

        answer.Should().Contain("alive", $"the logs were: {podman.Run("logs", container).Error}");
        podman.RunOrThrow("inspect", "--format", "{{.Config.User}}", container).Trim().Should().Be("65532:65532");
        Console.WriteLine($"container start -> first /health answer: {started.ElapsedMilliseconds} ms");
    }
}
