using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Push;
using Mlops.Deploy.Release;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Deploy.Tests.CloudRun;

/// <summary>A revision labelled "version N" runs version N's image: once `deploy build --push` has recorded the image
/// on the version, a release with another digest is refused before Cloud Run is asked anything.</summary>
public sealed class VersionImageCheckTests : IDisposable
{
    private const string Pushed =
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:"
        + "1111111111111111111111111111111111111111111111111111111111111111";
    private const string Other =
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:"
        + "2222222222222222222222222222222222222222222222222222222222222222";

    private readonly FakeCloudRun _api = new();
    private readonly TempDirectory _folder = new("mlops-version-image");

    [Fact]
    public async Task Another_digest_than_the_versions_recorded_image_is_refused_and_nothing_is_created()
    {
        var store = "file://" + _folder.Combine("bucket");
        using (var registry = new ModelRegistry(BlobStoreFactory.Open(store)))
        {
            var file = _folder.Combine("model.onnx");
            File.WriteAllBytes(file, [1, 2, 3]);
            await registry.PushAsync(new PushRequest { Model = "fashion", Files = [new PushFile(file, "model.onnx")] });
            await VersionImages.RecordAsync(registry, "fashion", "1", Pushed, default);
        }
        var service = CloudRunService.Create("p", "europe-west1", "fashion");
        var client = new CloudRunClient(_ => Task.FromResult(FakeCloudRun.Token), _api.Endpoint)
        {
            PollInterval = TimeSpan.FromMilliseconds(5),
        };
        var release = new ModelRelease(new CloudRunReleaser(client, service), () => store);

        var refused = () => release.DeployAsync(new ServiceSettings(Other), "fashion:1", default);

        (await refused.Should().ThrowAsync<MlopsException>())
            .Which.Message.Should()
            .Contain($"is not the image pushed for fashion:1 ({Pushed})");
        _api.Service(service.Name).Should().BeNull("nothing reached Cloud Run");
        var sameImageElsewhere = "127.0.0.1:5000/mlops/fashion@sha256:" + new string('1', 64);
        await release.DeployAsync(new ServiceSettings(sameImageElsewhere), "fashion:1", default);
        _api.Service(service.Name).Should().NotBeNull("the same digest in another registry is the same image");
    }

    public void Dispose()
    {
        _api.Dispose();
        _folder.Dispose();
    }
}
