using System.Globalization;

namespace Mlops.Deploy.Image;

/// <summary>
/// Writes a training image into an OCI layout: the base layer, the data set (optional), then the mlops CLI; it runs
/// `mlops train ...` and `mlops sweep task ...` as a job task (the arguments follow the entrypoint).
/// </summary>
public static class TrainingImageBuilder
{
    /// <summary>Writable by the non-root user wherever the image runs.</summary>
    public const string WorkingDirectory = "/tmp";
    public const string CacheHome = "/tmp/mlops-cache";

    public static ContainerSettings Settings() =>
        new(
            Entrypoint: [$"{PublishedApp.AppDirectory}/{TrainingRuntimeLayer.Executable}"],
            User: $"{BaseLayer.UserId}:{BaseLayer.UserId}",
            WorkingDir: WorkingDirectory,
            Port: null,
            Environment: new Dictionary<string, string>
            {
                ["PATH"] = PublishedApp.AppDirectory,
                // The base layer's home folder belongs to the non-root user.
                ["HOME"] = BaseLayer.HomeDirectory,
                ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
                // No debugger/profiler IPC: the image carries no debugger libraries.
                ["DOTNET_EnableDiagnostics"] = "0",
                // Run-store caches (a gs:// run's local copy) go to scratch space, not the home folder.
                ["MLOPS_CACHE_HOME"] = CacheHome,
            }
        );

    public static BuiltImage Build(BlobStore store, TrainingImageInputs inputs, IProgress<string>? progress = null)
    {
        var layers = new List<LayerBlob>();
        void Add(string name, IEnumerable<LayerEntry> entries, string createdBy)
        {
            progress?.Report($"{name} layer");
            var layer = LayerWriter.Write(store, entries, createdBy);
            progress?.Report(
                $"{name} layer: {Megabytes(layer.UncompressedSize ?? 0)} tar, {Megabytes(layer.Blob.Size)} gzip"
            );
            layers.Add(layer);
        }
        Add("base", BaseLayer.Entries(inputs.HostRoot), BaseLayer.CreatedBy);
        if (inputs.DatasetFolder is { } dataset)
            Add("data", DatasetLayer.Entries(dataset, inputs.HostRoot), DatasetLayer.CreatedBy(dataset));
        Add("runtime", TrainingRuntimeLayer.Entries(inputs.CliPublishDirectory), TrainingRuntimeLayer.CreatedBy);

        var labels = inputs.Metadata.Labels();
        var config = store.Put(MediaTypes.Config, ImageJson.Config(Settings(), labels, layers));
        var manifest = store.Put(MediaTypes.Manifest, ImageJson.Manifest(config, layers, labels));
        store.WriteIndex(manifest, RefName(inputs.Metadata));
        return new BuiltImage(store, manifest, config, layers);
    }

    /// <summary>The archive's and the layout index's ref name: training-&lt;version&gt;.</summary>
    public static string RefName(TrainingImageMetadata metadata) => $"{TrainingImageMetadata.Kind}-{metadata.Version}";

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F1} MB");
}
