using System.Globalization;
using Mlops.Data.Images;
using Mlops.Onnx;
using Mlops.Onnx.Evaluation;
using Mlops.Onnx.Model;

namespace Mlops.Cli.Pipeline;

/// <summary>
/// A model file's own answer for one image, computed in-process with ONNX Runtime from the file's metadata (size,
/// channels, mean/std, labels) — the reference a served answer must match. Independent of the server's code path:
/// no HTTP, no PNG, no batching, no model cache.
/// </summary>
public sealed record OfflinePrediction(string Label, double Probability)
{
    public static OfflinePrediction Of(string modelFile, Image image)
    {
        using var session = OnnxSessions.Open(modelFile);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        var preprocessing = Preprocessing.FromMetadata(metadata, modelFile);
        var preprocessor = new ImagePreprocessor
        {
            Channels = preprocessing.Channels,
            InputSize = preprocessing.ImageSize,
            ResizeShorterSideTo = metadata.TryGetValue(ModelMetadataKeys.ResizeShorterSide, out var shorter)
                ? int.Parse(shorter, NumberStyles.None, CultureInfo.InvariantCulture)
                : null,
            Mean = preprocessing.Mean,
            Std = preprocessing.Std,
        };
        var input = new float[preprocessor.OutputLength];
        preprocessor.Write(image, input);
        long[] shape = [1, preprocessing.Channels, preprocessing.ImageSize, preprocessing.ImageSize];
        var output = session.RunFloats(input, shape, modelFile);
        // The server's own softmax, so the smoke stage compares like with like.
        var probabilities =
            metadata.GetValueOrDefault(ModelMetadataKeys.OutputKind) == "probabilities"
                ? output
                : Core.Numerics.Logits.Softmax(output);
        var best = Core.Numerics.Logits.ArgMax(probabilities);
        return new OfflinePrediction(preprocessing.Labels[best], probabilities[best]);
    }
}
