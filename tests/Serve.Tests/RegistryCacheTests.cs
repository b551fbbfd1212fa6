using Mlops.Registry.Models;
using Mlops.Registry.Stores.Local;
using Mlops.Serve.Models;

namespace Mlops.Serve.Tests;

public sealed class RegistryCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-serve-cache-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_same_name_and_version_from_two_buckets_are_two_models_in_one_cache()
    {
        // Found by `mlops quickstart`: a stale "fashion:1" from an earlier bucket was served from the shared cache.
        var first = await Register(Path.Combine(_folder, "bucket-a"), TestModels.Write(_folder, "a", shift: 0));
        var second = await Register(Path.Combine(_folder, "bucket-b"), TestModels.Write(_folder, "b", shift: 1));

        var fromFirst = await first.FetchAsync(CancellationToken.None);
        var fromSecond = await second.FetchAsync(CancellationToken.None);

        fromFirst.Version.Should().Be("1");
        fromSecond.Version.Should().Be("1");
        fromSecond.OnnxPath.Should().NotBe(fromFirst.OnnxPath);
        File.ReadAllBytes(fromFirst.OnnxPath).Should().Equal(File.ReadAllBytes(Path.Combine(_folder, "a.onnx")));
        File.ReadAllBytes(fromSecond.OnnxPath).Should().Equal(File.ReadAllBytes(Path.Combine(_folder, "b.onnx")));
    }

    private static async Task<RegistryModelSource> Register(string bucket, string onnx)
    {
        var store = new LocalBlobStore(bucket);
        var card = await new ModelPusher(store, new VersionCatalog(store), "test").PushAsync(
            new PushRequest { Model = "fashion", Files = [new PushFile(onnx, "model.onnx")] }
        );
        card.Version.Should().Be(1);
        return new RegistryModelSource(
            store,
            ModelRef.Parse("fashion:1"),
            Path.Combine(Path.GetDirectoryName(bucket)!, "cache")
        );
    }
}
