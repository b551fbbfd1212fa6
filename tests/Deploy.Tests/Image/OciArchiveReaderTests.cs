using Mlops.Core.Errors;
using Mlops.Deploy.Image;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Deploy.Tests.Push;

namespace Mlops.Deploy.Tests.Image;

/// <summary>An archive read back into a layout is the same image (digests, layers, history), and a corrupt one is refused.</summary>
public class OciArchiveReaderTests
{
    [Fact]
    public void An_archive_read_into_an_empty_layout_gives_the_same_image_blob_for_blob()
    {
        using var work = new TempDirectory();
        var image = ImageBuilder.Build(
            new BlobStore(work.Combine("layout")),
            TestImages.Request(TestImages.FakePublish(work), TestImages.Model(work, 9))
        );
        var archive = work.Combine("image.oci.tar");
        OciArchive.Write(image, archive, "fashion-3");

        var read = OciArchiveReader.Read(archive, new BlobStore(work.Combine("other")));

        read.Manifest.Should().Be(image.Manifest);
        read.Config.Should().Be(image.Config);
        read.Layers.Select(l => (l.Blob, l.DiffId, l.CreatedBy))
            .Should()
            .Equal(image.Layers.Select(l => (l.Blob, l.DiffId, l.CreatedBy)));
        foreach (var blob in image.Blobs.Append(image.Manifest))
            File.ReadAllBytes(read.Store.PathOf(blob.Digest))
                .Should()
                .Equal(File.ReadAllBytes(image.Store.PathOf(blob.Digest)));
    }

    [Fact]
    public void A_blob_whose_bytes_do_not_match_its_name_is_refused_as_a_corrupt_archive()
    {
        using var work = new TempDirectory();
        var image = ImageBuilder.Build(
            new BlobStore(work.Combine("layout")),
            TestImages.Request(TestImages.FakePublish(work), TestImages.Model(work, 4))
        );
        var model = image.Store.PathOf(image.Layers[^1].Blob.Digest);
        var bytes = File.ReadAllBytes(model);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(model, bytes);
        var archive = work.Combine("image.oci.tar");
        OciArchive.Write(image, archive, null);

        var error = FluentActions
            .Invoking(() => OciArchiveReader.Read(archive, new BlobStore(work.Combine("other"))))
            .Should()
            .Throw<MlopsException>()
            .Which;
        error.Message.Should().Contain("the archive is corrupt").And.Contain(image.Layers[^1].Blob.Digest.Short);
        error.Where.Should().Be(archive);
    }

    [Fact]
    public void A_file_that_is_not_an_archive_is_a_clear_error()
    {
        using var work = new TempDirectory();
        var path = work.Combine("image.oci.tar");
        File.WriteAllText(path, "not a tar at all, just some text that is long enough to fill a header block? no.");
        FluentActions
            .Invoking(() => OciArchiveReader.Read(path, new BlobStore(work.Combine("layout"))))
            .Should()
            .Throw<MlopsException>()
            .Which.Where.Should()
            .Be(path);
        FluentActions
            .Invoking(() => OciArchiveReader.Read(work.Combine("missing.tar"), new BlobStore(work.Combine("layout"))))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("*does not exist*");
    }

    [Fact]
    public async Task An_image_read_back_from_its_archive_pushes_by_the_same_digest_and_skips_blobs_already_there()
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var image = PushTestImages.Build(work, modelSeed: 7);
        var archive = work.Combine("image.oci.tar");
        OciArchive.Write(image, archive, null);
        await PushTestImages.Pusher($"{registry.Host}/mlops/fashion").PushAsync(image);

        var read = OciArchiveReader.Read(archive, new BlobStore(work.Combine("fresh")));
        var again = await PushTestImages.Pusher($"{registry.Host}/mlops/fashion").PushAsync(read);

        again.ManifestDigest.Should().Be(image.Manifest.Digest);
        again.BlobsUploaded.Should().Be(0);
        again.BlobsSkipped.Should().Be(image.Blobs.Count());
    }
}
