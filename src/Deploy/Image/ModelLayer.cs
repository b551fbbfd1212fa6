using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>The top layer: the model and its card. A retrain changes only this layer, so only it is pushed
/// again.</summary>
public static class ModelLayer
{
    public const string ModelDirectory = "/model";
    public const string ModelPath = ModelDirectory + "/model.onnx";
    public const string CardPath = ModelDirectory + "/card.json";

    public static string CreatedBy(ImageMetadata metadata) =>
        $"mlops deploy build: model {metadata.ModelName} version {metadata.ModelVersion}";

    public static IReadOnlyList<LayerEntry> Entries(string modelFile, byte[] cardJson)
    {
        if (!File.Exists(modelFile))
            throw new MlopsException("the model file does not exist", modelFile);
        return
        [
            LayerEntry.FromHostFile(ModelPath, Path.GetFullPath(modelFile), LayerEntry.DefaultFileMode),
            LayerEntry.FromBytes(CardPath, cardJson),
        ];
    }
}
