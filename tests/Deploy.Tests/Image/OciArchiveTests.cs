using System.Text.Json;
using Mlops.Deploy.Image;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Image;

public class OciArchiveTests
{
    [Fact]
    public void Skopeo_reads_the_archive_and_sees_our_digest_layers_and_labels()
    {
        using var inputs = new TempDirectory();
        var image = ImageBuilder.Build(
            new BlobStore(inputs.Combine("layout")),
            TestImages.Request(TestImages.FakePublish(inputs), TestImages.Model(inputs, 9))
        );
        var archive = inputs.Combine("image.oci.tar");

        OciArchive.Write(image, archive, "fashion-3");
        var first = File.ReadAllBytes(archive);
        OciArchive.Write(image, archive, "fashion-3");
        File.ReadAllBytes(archive).Should().Equal(first, "the archive is as reproducible as its blobs");

        using var inspect = JsonDocument.Parse(
            ProcessRunner.RunOrThrow("skopeo", ["inspect", $"oci-archive:{archive}:fashion-3"])
        );
        inspect.RootElement.GetProperty("Digest").GetString().Should().Be(image.Manifest.Digest.ToString());
        inspect
            .RootElement.GetProperty("Layers")
            .EnumerateArray()
            .Select(l => l.GetString())
            .Should()
            .Equal(image.Layers.Select(l => l.Blob.Digest.ToString()));
        inspect.RootElement.GetProperty("Labels").GetProperty("dev.mlops.model.version").GetString().Should().Be("3");
    }
}
