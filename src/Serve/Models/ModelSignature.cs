using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Mlops.Core.Errors;
using Mlops.Data.Images;
using Mlops.Onnx;
using Mlops.Onnx.Model;

namespace Mlops.Serve.Models;

/// <summary>
/// What the server needs to know about a classifier, read from the ONNX file itself: input/output names and
/// shapes, pre-processing (channels, size, mean/std) and class labels (see <see cref="ModelMetadataKeys"/>).
/// </summary>
public sealed record ModelSignature(
    string InputName,
    string OutputName,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<string> Labels,
    float[] Mean,
    float[] Std,
    int? ResizeShorterSide,
    bool OutputIsProbabilities,
    string Precision = ModelSignature.Fp32
)
{
    public const string Fp32 = "fp32";
    public const string Int8 = "int8";

    public int ItemLength => Channels * Height * Width;

    public int Classes => Labels.Count;

    public ImagePreprocessor Preprocessor(long maxPixels) =>
        new()
        {
            Channels = Channels,
            InputSize = Height,
            ResizeShorterSideTo = ResizeShorterSide,
            Mean = Mean,
            Std = Std,
            MaxPixels = maxPixels,
        };

    /// <summary>Reads and checks the signature; <paramref name="where"/> names the model file in errors.</summary>
    public static ModelSignature Read(InferenceSession session, string where)
    {
        if (session.InputNames.Count != 1)
            throw new MlopsException(
                $"a served classifier takes exactly one input, this model has {session.InputNames.Count}",
                where
            );
        if (session.OutputNames.Count < 1)
            throw new MlopsException("the model has no output", where);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        var (inputName, outputName) = (session.InputNames[0], session.OutputNames[0]);
        var (inputNode, outputNode) = (session.InputMetadata[inputName], session.OutputMetadata[outputName]);
        // Types first: ORT refuses to give the dimensions of a sequence or map (a ZipMap classifier's output).
        if (!IsFloatTensor(inputNode) || OnnxSignatures.Shape(inputNode).Length != 4)
            throw new MlopsException(
                "the input must be a float tensor [batch, channels, height, width], got "
                    + OnnxSignatures.Describe(inputName, inputNode),
                where
            );
        if (!IsFloatTensor(outputNode) || OnnxSignatures.Shape(outputNode).Length != 2)
            throw new MlopsException(
                "the first output must be a float tensor [batch, classes], got "
                    + OnnxSignatures.Describe(outputName, outputNode),
                where
            );
        var (inputShape, outputShape) = (OnnxSignatures.Shape(inputNode), OnnxSignatures.Shape(outputNode));

        var channels = IntKey(metadata, ModelMetadataKeys.InputChannels, where) ?? (int)inputShape[1];
        var size = IntKey(metadata, ModelMetadataKeys.InputSize, where) ?? (int)inputShape[2];
        if (channels is not (1 or 3))
            throw new MlopsException(
                $"input channels must be 1 or 3, got {channels}",
                $"{where} ({ModelMetadataKeys.InputChannels})"
            );
        if (
            size <= 0
            || (inputShape[2] > 0 && inputShape[2] != size)
            || (inputShape[3] > 0 && inputShape[3] != size)
            || (inputShape[1] > 0 && inputShape[1] != channels)
        )
            throw new MlopsException(
                $"metadata says {channels}x{size}x{size} but the input is "
                    + $"{OnnxSignatures.Describe(inputName, inputNode)}",
                $"{where} ({ModelMetadataKeys.InputSize})"
            );

        var classes = outputShape[1];
        var labels = StringList(metadata, ModelMetadataKeys.Labels, where)
            ?? (
                classes > 0
                    ? Enumerable.Range(0, (int)classes).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList()
                    : null
            )
            ?? throw new MlopsException(
                $"the output has no fixed class count and no '{ModelMetadataKeys.Labels}' metadata",
                where
            );
        if (classes > 0 && labels.Count != classes)
            throw new MlopsException(
                $"'{ModelMetadataKeys.Labels}' lists {labels.Count} labels but the output has {classes} classes",
                where
            );

        var mean = FloatList(metadata, ModelMetadataKeys.Mean, where) ?? Enumerable.Repeat(0f, channels).ToArray();
        var std = FloatList(metadata, ModelMetadataKeys.Std, where) ?? Enumerable.Repeat(1f, channels).ToArray();
        if (mean.Length != channels || std.Length != channels || std.Any(s => !(s > 0)))
            throw new MlopsException(
                $"mean/std need {channels} values with std > 0, got "
                    + $"[{string.Join(", ", mean)}]/[{string.Join(", ", std)}]",
                $"{where} ({ModelMetadataKeys.Mean})"
            );

        var kind = metadata.GetValueOrDefault(ModelMetadataKeys.OutputKind, "logits");
        if (kind is not ("logits" or "probabilities"))
            throw new MlopsException(
                $"'{ModelMetadataKeys.OutputKind}' must be 'logits' or 'probabilities', got '{kind}'",
                where
            );

        return new ModelSignature(
            inputName,
            outputName,
            channels,
            size,
            size,
            labels,
            mean,
            std,
            IntKey(metadata, ModelMetadataKeys.ResizeShorterSide, where),
            kind == "probabilities",
            // The quantizer tags what it writes; every other model computes in float32.
            metadata.ContainsKey(ModelMetadataKeys.Quantization)
                ? Int8
                : Fp32
        );
    }

    private static bool IsFloatTensor(NodeMetadata node) =>
        node.IsTensor && node.ElementDataType == TensorElementType.Float;

    private static int? IntKey(IReadOnlyDictionary<string, string> metadata, string key, string where)
    {
        if (!metadata.TryGetValue(key, out var text))
            return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new MlopsException($"metadata '{key}' must be an integer, got '{text}'", where);
    }

    private static List<string>? StringList(IReadOnlyDictionary<string, string> metadata, string key, string where) =>
        Json<List<string>>(metadata, key, where, "a JSON array of strings");

    private static float[]? FloatList(IReadOnlyDictionary<string, string> metadata, string key, string where) =>
        Json<float[]>(metadata, key, where, "a JSON array of numbers");

    private static T? Json<T>(IReadOnlyDictionary<string, string> metadata, string key, string where, string expected)
        where T : class
    {
        if (!metadata.TryGetValue(key, out var text))
            return null;
        try
        {
            return JsonSerializer.Deserialize(text, typeof(T), ServeJsonContext.Default) as T
                ?? throw new MlopsException($"metadata '{key}' must be {expected}, got null", where);
        }
        catch (JsonException)
        {
            throw new MlopsException($"metadata '{key}' must be {expected}, got '{text}'", where);
        }
    }
}
