using System.Text.Json;
using Mlops.Core.Errors;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Push;

public class ImagePusherTests
{
    [Fact]
    public async Task A_pushed_image_is_seen_by_skopeo_with_our_digest_and_labels()
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var image = PushTestImages.Build(work, modelSeed: 1);

        var result = await PushTestImages.Pusher($"{registry.Host}/mlops/fashion:v1").PushAsync(image);

        result.ManifestDigest.Should().Be(image.Manifest.Digest);
        result.BlobsUploaded.Should().Be(4);
        result.BytesUploaded.Should().Be(image.CompressedSize + image.Manifest.Size);
        result.ImageByDigest.Should().Be($"{registry.Host}/mlops/fashion@{image.Manifest.Digest}");
        using var inspect = JsonDocument.Parse(
            ProcessRunner.RunOrThrow("skopeo", ["inspect", "--tls-verify=false", $"docker://{result.ImageByDigest}"])
        );
        inspect.RootElement.GetProperty("Digest").GetString().Should().Be(image.Manifest.Digest.ToString());
        inspect
            .RootElement.GetProperty("Labels")
            .GetProperty("dev.mlops.model.name")
            .GetString()
            .Should()
            .Be("fashion");
        inspect.RootElement.GetProperty("Layers").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task A_model_only_change_uploads_only_the_model_layer_and_the_small_documents()
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var target = $"{registry.Host}/mlops/fashion:staging";
        await PushTestImages.Pusher(target).PushAsync(PushTestImages.Build(work, modelSeed: 1, "1"));
        var retrained = PushTestImages.Build(work, modelSeed: 2, "2");

        var second = await PushTestImages.Pusher(target).PushAsync(retrained);

        second.BlobsSkipped.Should().Be(2, "base and runtime layers are already there");
        second.BlobsUploaded.Should().Be(2, "the model layer and the config that lists it");
        second
            .BytesUploaded.Should()
            .Be(retrained.Layers[2].Blob.Size + retrained.Config.Size + retrained.Manifest.Size);
    }

    [Fact]
    public async Task Pushing_to_another_repository_mounts_the_blobs_instead_of_uploading()
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var image = PushTestImages.Build(work, modelSeed: 1);
        await PushTestImages.Pusher($"{registry.Host}/team-a/fashion:v1").PushAsync(image);

        var copy = await PushTestImages
            .Pusher($"{registry.Host}/team-b/fashion:v1")
            .PushAsync(image, mountFrom: "team-a/fashion");

        copy.BlobsMounted.Should().Be(4);
        copy.BlobsUploaded.Should().Be(0);
        copy.BytesUploaded.Should().Be(image.Manifest.Size);
        ProcessRunner
            .Run("skopeo", ["inspect", "--tls-verify=false", $"docker://{copy.ImageByDigest}"])
            .ExitCode.Should()
            .Be(0);
    }

    [Fact]
    public async Task An_upload_cut_half_way_is_started_again_and_the_push_completes()
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var image = PushTestImages.Build(work, modelSeed: 1);
        var cuts = 0;
        using var gate = new InterceptingHandler
        {
            Intercept = request =>
            {
                if (
                    request.Method == HttpMethod.Put
                    && request.RequestUri!.AbsolutePath.Contains("/blobs/uploads/")
                    && cuts++ == 0
                )
                    throw new IOException("connection reset by peer (simulated)");
                return null;
            },
        };

        var result = await PushTestImages.Pusher($"{registry.Host}/mlops/fashion:v1", handler: gate).PushAsync(image);

        cuts.Should().BeGreaterThan(1);
        result.ManifestDigest.Should().Be(image.Manifest.Digest);
        gate.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal))
            .Should()
            .Be(5, "the cut blob opened a second upload session");
        ProcessRunner
            .Run("skopeo", ["inspect", "--tls-verify=false", $"docker://{result.ImageByDigest}"])
            .ExitCode.Should()
            .Be(0);
    }

    [Fact]
    public async Task A_blob_that_never_uploads_stops_the_push_before_any_manifest()
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var image = PushTestImages.Build(work, modelSeed: 1);
        var modelDigest = image.Layers[2].Blob.Digest.ToString();
        using var gate = new InterceptingHandler
        {
            Intercept = request =>
                request.Method == HttpMethod.Put
                && Uri.UnescapeDataString(request.RequestUri!.Query).Contains(modelDigest)
                    ? throw new IOException("network down (simulated)")
                    : null,
        };
        var target = $"{registry.Host}/mlops/fashion:v1";

        var push = () => PushTestImages.Pusher(target, handler: gate).PushAsync(image);

        (await push.Should().ThrowAsync<MlopsException>()).WithMessage("*could not reach the registry*");
        gate.Requests.Should()
            .NotContain(r => r.StartsWith("PUT", StringComparison.Ordinal) && r.Contains("/manifests/"));
        (await PushTestImages.Client(target).ManifestExistsAsync("v1", default)).Should().BeFalse();
    }
}
