using Mlops.Core.Errors;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Gcs;

namespace Mlops.Registry.Tests;

/// <summary>The gs:// store against the firebase-tools Storage emulator: the same contract as file://, plus uploads, downloads and checksums.</summary>
[Collection(GcsEmulatorCollection.Name)]
public sealed class GcsBlobStoreTests(GcsEmulator emulator) : BlobStoreContract
{
    private readonly string _bucket = "test-" + Guid.NewGuid().ToString("N")[..12];

    private GcsSettings Settings =>
        new()
        {
            EmulatorHost = emulator.Host,
            MaxAttempts = 2,
            FirstRetryDelay = TimeSpan.FromMilliseconds(50),
        };

    protected override IBlobStore CreateStore() => new GcsBlobStore(_bucket, "reg/", Settings);

    [Fact]
    public async Task Objects_live_under_the_uri_prefix_and_carry_the_server_checksums()
    {
        using var store = CreateStore();
        var info = await store.PutBytesAsync("x.bin", "123456789"u8.ToArray(), WriteCondition.None);
        info.Crc32cBase64.Should()
            .Be(
                Convert.ToBase64String([0xE3, 0x06, 0x92, 0x83]),
                "the emulator computed the CRC32C of the bytes we sent"
            );
        using var other = new GcsBlobStore(_bucket, "", Settings);
        (await other.ListAsync("")).Objects.Select(o => o.Name).Should().Equal("reg/x.bin");
        store.Uri.Should().Be($"gs://{_bucket}/reg");
    }

    [Fact]
    public async Task A_3_MiB_object_in_one_chunk_uploads_and_downloads_verified()
    {
        using var store = new GcsBlobStore(_bucket, "", Settings with { ChunkSize = 4 << 20 });
        var content = Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 31 >> 3)).ToArray();
        var info = await store.PutBytesAsync("big.onnx", content, WriteCondition.None);
        info.Size.Should().Be(content.Length);
        (await store.ReadAllBytesAsync("big.onnx")).Should().Equal(content);
    }

    [Fact]
    public async Task A_multi_chunk_upload_the_emulator_cuts_short_is_caught_by_verification_and_removed()
    {
        // The emulator finalizes a resumable upload on its first chunk (a known gap): our size/CRC32C check must notice.
        using var store = new GcsBlobStore(_bucket, "", Settings with { ChunkSize = 256 << 10 });
        var content = new byte[700 << 10];
        Random.Shared.NextBytes(content);
        var error = await FluentActions
            .Awaiting(() => store.PutBytesAsync("cut.onnx", content, WriteCondition.None))
            .Should()
            .ThrowAsync<BlobCorruptedException>();
        error.Which.Message.Should().Contain($"sent {content.Length} bytes");
        (await store.StatAsync("cut.onnx")).Should().BeNull("the truncated object is deleted again");
    }

    [Fact]
    public async Task The_registry_works_unchanged_on_gcs()
    {
        using var fx = new RegistryFixture();
        using var registry = new ModelRegistry(
            new GcsBlobStore(_bucket, "team", Settings),
            new RegistryOptions { Actor = "ci" }
        );
        await fx.PushRunAsync(registry, "fashion", fx.Run("r1", 0.90));
        await fx.PushRunAsync(registry, "fashion", fx.Run("r2", 0.93));
        await registry.PromoteAsync(new PromoteRequest("fashion", 1, "production"));
        await registry.PromoteAsync(new PromoteRequest("fashion", 2, "production"));
        await registry.RollbackAsync("fashion", "production", "canary failed");
        var to = Path.Combine(fx.Folder.Path, "pulled");
        var card = await registry.PullAsync(ModelRef.Parse("fashion@production"), to);
        card.Version.Should().Be(1);
        File.ReadAllBytes(Path.Combine(to, "model.onnx"))
            .Should()
            .Equal(File.ReadAllBytes(Path.Combine(fx.Folder.Path, "runs/r1/model.onnx")));
        (await registry.HistoryAsync("fashion")).Select(e => e.To).Should().Equal(1, 2, 1);
        (await registry.Catalog.ModelsAsync()).Should().Equal("fashion");
    }

    [Fact]
    public async Task An_emulator_that_goes_away_mid_push_gives_a_clear_error_and_no_visible_version()
    {
        using var doomed = new GcsEmulator();
        using var fx = new RegistryFixture();
        var settings = new GcsSettings
        {
            EmulatorHost = doomed.Host,
            MaxAttempts = 3,
            FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        };
        using var registry = new ModelRegistry(new GcsBlobStore(_bucket, "", settings));
        var run = fx.Run("r1", 0.9);
        var killOnSecondFile = new KillingProgress("evaluation.json", doomed);
        var error = await FluentActions
            .Awaiting(() => registry.PushAsync(RunFolderReader.Read("fashion", [run], new Lineage()), killOnSecondFile))
            .Should()
            .ThrowAsync<MlopsException>();
        error.Which.Message.Should().Contain("Google Cloud Storage failed 3 time(s)");
        error.Which.Where.Should().StartWith($"gs://{_bucket}/models/fashion/versions/1/");
    }

    [Fact]
    public void Missing_credentials_are_reported_with_what_to_do()
    {
        var settings = new GcsSettings { CredentialFile = "/nonexistent/key.json" };
        FluentActions
            .Invoking(() => new GcsBlobStore("some-bucket", "", settings))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("*no usable Google credentials*GOOGLE_APPLICATION_CREDENTIALS*");
    }

    private sealed class KillingProgress(string file, GcsEmulator emulator) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            if (value.File == file)
                emulator.Kill();
        }
    }
}
