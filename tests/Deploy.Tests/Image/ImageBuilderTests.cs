using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Mlops.Core.Errors;
using Mlops.Deploy.Image;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Image;

public class ImageBuilderTests
{
    [Fact]
    public void The_same_inputs_give_the_same_digests_in_two_separate_layouts()
    {
        using var inputs = new TempDirectory();
        var request = TestImages.Request(TestImages.FakePublish(inputs), TestImages.Model(inputs, seed: 7));

        var first = ImageBuilder.Build(new BlobStore(inputs.Combine("layout-1")), request);
        var second = ImageBuilder.Build(new BlobStore(inputs.Combine("layout-2")), request);

        second.Manifest.Should().Be(first.Manifest);
        second.Layers.Select(l => l.Blob.Digest).Should().Equal(first.Layers.Select(l => l.Blob.Digest));
        first.Layers.Should().HaveCount(3);
    }

    [Fact]
    public void A_new_model_changes_only_the_model_layer()
    {
        using var inputs = new TempDirectory();
        var publish = TestImages.FakePublish(inputs);
        var store = new BlobStore(inputs.Combine("layout"));

        var v1 = ImageBuilder.Build(store, TestImages.Request(publish, TestImages.Model(inputs, seed: 1), "1"));
        var v2 = ImageBuilder.Build(store, TestImages.Request(publish, TestImages.Model(inputs, seed: 2), "2"));

        v2.Layers[0].Blob.Should().Be(v1.Layers[0].Blob);
        v2.Layers[1].Blob.Should().Be(v1.Layers[1].Blob);
        v2.Layers[2].Blob.Digest.Should().NotBe(v1.Layers[2].Blob.Digest);
        v2.Manifest.Digest.Should().NotBe(v1.Manifest.Digest);
    }

    [Fact]
    public void Digests_are_the_sha256_of_the_blob_and_diff_ids_of_the_uncompressed_tar()
    {
        using var inputs = new TempDirectory();
        var store = new BlobStore(inputs.Combine("layout"));
        var image = ImageBuilder.Build(
            store,
            TestImages.Request(TestImages.FakePublish(inputs), TestImages.Model(inputs, 3))
        );

        foreach (var layer in image.Layers)
        {
            var blob = File.ReadAllBytes(store.PathOf(layer.Blob.Digest));
            Convert.ToHexStringLower(SHA256.HashData(blob)).Should().Be(layer.Blob.Digest.Hex);
            blob.LongLength.Should().Be(layer.Blob.Size);
            using var tar = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress))
                gzip.CopyTo(tar);
            Convert.ToHexStringLower(SHA256.HashData(tar.ToArray())).Should().Be(layer.DiffId.Hex);
        }
    }

    [Fact]
    public void The_config_names_user_port_entrypoint_history_and_labels()
    {
        using var inputs = new TempDirectory();
        var store = new BlobStore(inputs.Combine("layout"));
        var image = ImageBuilder.Build(
            store,
            TestImages.Request(TestImages.FakePublish(inputs), TestImages.Model(inputs, 3))
        );

        using var config = JsonDocument.Parse(File.ReadAllBytes(store.PathOf(image.Config.Digest)));
        var root = config.RootElement;
        var container = root.GetProperty("config");
        container.GetProperty("User").GetString().Should().Be("65532:65532");
        container.GetProperty("Entrypoint")[0].GetString().Should().Be("/app/mlops-serve");
        var env = container.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
        env.Should()
            .Contain([
                "PORT=8080",
                "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
                "MLOPS_MODELS=fashion=/model/model.onnx",
            ]);
        env.Should().NotContain(e => e.StartsWith("MLOPS_ONNXRUNTIME_LIB=", StringComparison.Ordinal));
        container.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _).Should().BeTrue();
        var labels = container.GetProperty("Labels");
        labels.GetProperty("dev.mlops.model.name").GetString().Should().Be("fashion");
        labels.GetProperty("dev.mlops.model.version").GetString().Should().Be("3");
        labels.GetProperty("dev.mlops.model.run").GetString().Should().Be("run-42");
        labels.GetProperty("org.opencontainers.image.revision").GetString().Should().Be("abc123");
        root.GetProperty("history").GetArrayLength().Should().Be(3);
        root.GetProperty("rootfs")
            .GetProperty("diff_ids")
            .EnumerateArray()
            .Select(d => d.GetString())
            .Should()
            .Equal(image.Layers.Select(l => l.DiffId.ToString()));
    }

    [Fact]
    public void The_runtime_layer_leaves_out_debugger_files()
    {
        using var inputs = new TempDirectory();
        var entries = RuntimeLayer.Entries(TestImages.FakePublish(inputs));
        entries
            .Select(e => e.Path)
            .Should()
            .Contain(["/app/mlops-serve", "/app/libonnxruntime.so", "/app/wwwroot/index.html"])
            .And.NotContain("/app/libmscordbi.so")
            .And.NotContain("/app/libonnxruntime_providers_shared.so");
    }

    [Fact]
    public void A_publish_without_onnxruntime_never_becomes_an_image()
    {
        using var inputs = new TempDirectory();
        var publish = TestImages.FakePublish(inputs);
        File.Delete(Path.Combine(publish, RuntimeLayer.OnnxRuntimeFile));

        var act = () => RuntimeLayer.Entries(publish);

        act.Should()
            .Throw<MlopsException>()
            .WithMessage("libonnxruntime.so is missing*")
            .Which.Where.Should()
            .Be(publish);
    }

    [Fact]
    public void An_onnxruntime_that_is_not_a_shared_library_never_becomes_an_image()
    {
        using var inputs = new TempDirectory();
        var publish = TestImages.FakePublish(inputs);
        var png = Path.Combine(publish, RuntimeLayer.OnnxRuntimeFile);
        File.WriteAllBytes(png, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var act = () => RuntimeLayer.Entries(publish);

        act.Should().Throw<MlopsException>().WithMessage("not a shared library*").Which.Where.Should().Be(png);
    }

    [Fact]
    public void A_layout_cache_path_that_is_a_file_is_a_clear_error_and_the_file_is_left_alone()
    {
        using var inputs = new TempDirectory();
        var file = inputs.Combine("layout");
        File.WriteAllText(file, "keep me");

        var act = () => new BlobStore(file);

        act.Should().Throw<MlopsException>().WithMessage("this is a file*").Which.Where.Should().Be(file);
        File.ReadAllText(file).Should().Be("keep me");
    }

    [Fact]
    public void A_base_file_missing_on_the_host_is_a_clear_error()
    {
        using var emptyHost = new TempDirectory();
        var act = () => BaseLayer.Entries(emptyHost.Path);
        act.Should()
            .Throw<MlopsException>()
            .WithMessage("*base layer needs /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2*")
            .Which.Where.Should()
            .StartWith(emptyHost.Path);
    }

    [Fact]
    public void A_missing_model_file_is_a_clear_error()
    {
        using var inputs = new TempDirectory();
        var act = () => ModelLayer.Entries(inputs.Combine("nope.onnx"), [1]);
        act.Should().Throw<MlopsException>().WithMessage("*model file does not exist*");
    }
}
