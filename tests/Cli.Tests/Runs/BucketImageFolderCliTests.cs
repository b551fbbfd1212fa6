using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Gcs;
using Mlops.Registry.Tests;
using Mlops.Tests.Shared;
using Mlops.Train.Runs;

namespace Mlops.Cli.Tests.Runs;

/// <summary>
/// `data.root: gs://bucket/prefix` for an image folder (the GCS emulator): training reads a local view of it, each
/// object fetched once into the cache by its content, and trains exactly as from the same folder on disk.
/// </summary>
public sealed class BucketImageFolderCliTests : IDisposable
{
    private readonly GcsEmulator _emulator = new();
    private readonly TempDirectory _folder = new("mlops-bucket-data-test");
    private readonly string _bucket = $"data-{Guid.NewGuid():N}"[..18];
    private readonly GcsBlobStore _images;

    public BucketImageFolderCliTests() =>
        _images = new GcsBlobStore(_bucket, "images/", new GcsSettings { EmulatorHost = _emulator.Host });

    public void Dispose()
    {
        _images.Dispose();
        _emulator.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_image_folder_in_a_bucket_trains_as_the_same_folder_on_disk_and_is_fetched_once()
    {
        var local = TinyImageFolder.Write(_folder.Combine("images"), imagesPerClass: 12);
        foreach (var file in Directory.EnumerateFiles(local, "*.png", SearchOption.AllDirectories))
            await _images.PutBytesAsync(
                Path.GetRelativePath(local, file),
                await File.ReadAllBytesAsync(file),
                WriteCondition.None
            );

        var fromDisk = Train("disk", local);
        var fromBucket = Train("bucket", $"gs://{_bucket}/images");

        fromBucket.Should().BeEquivalentTo(fromDisk, "the same images, in the same order, trained the same way");
        var objects = _folder.Combine("cache", "data", "objects");
        Directory.GetFiles(objects).Should().HaveCount(24);
        var cachedAt = Directory.GetFiles(objects).ToDictionary(file => file, File.GetLastWriteTimeUtc);

        // One image rewritten (a new generation): a new view, one object fetched, the others left as they were.
        await _images.PutBytesAsync(
            "dark/000.png",
            await File.ReadAllBytesAsync(Path.Combine(local, "light", "000.png")),
            WriteCondition.None
        );
        Train("again", $"gs://{_bucket}/images");

        Directory.GetDirectories(_folder.Combine("cache", "data", "views")).Should().HaveCount(2);
        Directory.GetFiles(objects).Should().HaveCount(24, "the rewritten image's bytes were cached already");
        cachedAt.Should().OnlyContain(entry => File.GetLastWriteTimeUtc(entry.Key) == entry.Value);
    }

    [Fact]
    public void An_empty_bucket_prefix_is_reported_at_the_config_line_of_data_root()
    {
        var config = WriteConfig("empty", $"gs://{_bucket}/nothing");

        var result = Mlops("train", "--config", config);

        result.ExitCode.Should().Be(2, result.Output);
        result.Error.Should().Contain($"gs://{_bucket}/nothing holds no objects").And.Contain("empty.yaml:4");
        result.Error.Should().NotContain("   at ");
    }

    /// <summary>Trains one epoch from <paramref name="root"/> and returns its validation figures.</summary>
    private (double? loss, double? accuracy) Train(string name, string root)
    {
        var result = Mlops("train", "--config", WriteConfig(name, root));
        result.ExitCode.Should().Be(0, result.Output + result.Error);
        var run = Directory.GetDirectories(_folder.Combine("runs", name)).Single();
        var epoch = RunFolder.Open(run).Metrics.ReadEpochs().Single();
        return (epoch.ValLoss, epoch.ValAccuracy);
    }

    private string WriteConfig(string name, string root)
    {
        var path = _folder.Combine($"{name}.yaml");
        File.WriteAllText(
            path,
            $"""
            name: {name}
            seed: 1
            model: {"{"} arch: resnet18, num_classes: 2, in_channels: 1, small_stem: false {"}"}
            data: {"{"} dataset: imagefolder, root: '{root}', val_fraction: 0.25 {"}"}
            optim: {"{"} name: sgd, lr: 0.05, momentum: 0.9 {"}"}
            train: {"{"} epochs: 1, batch_size: 8, threads: 2 {"}"}
            output: {"{"} runs_dir: '{_folder.Combine("runs", name)}' {"}"}
            """
        );
        return path;
    }

    private ProcessRunner.Result Mlops(params string[] arguments) =>
        ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. arguments],
            new Dictionary<string, string>
            {
                ["STORAGE_EMULATOR_HOST"] = _emulator.Host,
                ["MLOPS_CACHE_HOME"] = _folder.Combine("cache"),
            },
            TimeSpan.FromMinutes(3)
        );
}
