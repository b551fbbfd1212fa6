namespace Mlops.Deploy.Image;

/// <summary>Writes the three layers, the config and the manifest of a serving image into an OCI layout.</summary>
public static class ImageBuilder
{
    /// <summary>How the server starts in the image: mlops-serve reads PORT and MLOPS_MODELS.</summary>
    public static ContainerSettings Settings(ImageMetadata metadata, int port = ContainerSettings.DefaultPort) =>
        new(
            Entrypoint: [$"{RuntimeLayer.AppDirectory}/{RuntimeLayer.ServerExecutable}"],
            User: $"{BaseLayer.UserId}:{BaseLayer.UserId}",
            WorkingDir: RuntimeLayer.AppDirectory,
            Port: port,
            Environment: new Dictionary<string, string>
            {
                ["PATH"] = RuntimeLayer.AppDirectory,
                ["HOME"] = BaseLayer.HomeDirectory,
                ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
                // No debugger/profiler IPC: the image carries no debugger libraries and may run read-only.
                ["DOTNET_EnableDiagnostics"] = "0",
                ["MLOPS_MODELS"] = $"{metadata.ModelName}={ModelLayer.ModelPath}",
                ["MLOPS_MODEL_CARD"] = ModelLayer.CardPath,
            }
        );

    public static BuiltImage Build(BlobStore store, ImageRequest request, IProgress<string>? progress = null)
    {
        progress?.Report("base layer");
        var baseLayer = LayerWriter.Write(store, BaseLayer.Entries(request.HostRoot), BaseLayer.CreatedBy);
        progress?.Report("runtime layer");
        var runtimeLayer = LayerWriter.Write(
            store,
            RuntimeLayer.Entries(request.ServePublishDirectory),
            RuntimeLayer.CreatedBy
        );
        progress?.Report("model layer");
        var modelLayer = LayerWriter.Write(
            store,
            ModelLayer.Entries(request.ModelFile, request.ModelCardJson),
            ModelLayer.CreatedBy(request.Metadata)
        );
        LayerBlob[] layers = [baseLayer, runtimeLayer, modelLayer];

        var config = store.Put(
            MediaTypes.Config,
            ImageJson.Config(Settings(request.Metadata), request.Metadata, layers)
        );
        var annotations = request.Metadata.Labels();
        var manifest = store.Put(MediaTypes.Manifest, ImageJson.Manifest(config, layers, annotations));
        store.WriteIndex(manifest, request.Metadata.ModelVersion);
        return new BuiltImage(store, manifest, config, layers);
    }
}
