using System.Text.Json;
using Mlops.Data.Images;
using Mlops.Onnx.Model;
using Mlops.Serve;
using Onnx;

namespace Mlops.Serve.Tests;

/// <summary>
/// A tiny real classifier over 28x28 grey images, built with the ONNX types and run by the real ONNX Runtime:
/// Flatten → Gemm. Class k's weights are 1 on the two pixel rows of band k (rows 4+2k, 5+2k), so an image
/// that is black except for a white band k is classified k. With mean 0.5 / std 0.5 a white pixel is +1 and
/// a black one -1: logit k is +56 for the lit band and -56 for every other — the answer is never in doubt.
/// </summary>
internal static class TestModels
{
    public const int Size = 28;
    public const int Classes = 10;
    public static readonly string[] Labels =
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
    ];

    /// <summary>Writes the classifier; <paramref name="shift"/> rotates the weights so class k answers band (k+shift)%10 (a "new version").</summary>
    public static string Write(string folder, string name, int shift = 0, IReadOnlyList<string>? labels = null)
    {
        var path = Path.Combine(folder, name + ".onnx");
        OnnxModelFile.Write(path, Classifier(shift, labels ?? Labels));
        return path;
    }

    public static ModelProto Classifier(int shift, IReadOnlyList<string> labels)
    {
        var weights = new float[Classes * Size * Size];
        for (var k = 0; k < Classes; k++)
        {
            var band = (k + shift) % Classes;
            foreach (var row in BandRows(band))
                for (var x = 0; x < Size; x++)
                    weights[k * Size * Size + row * Size + x] = 1;
        }

        var graph = OnnxModels.Graph(
            "band_classifier",
            [
                OnnxNodes.Create("Flatten", "flatten", ["image"], ["flat"], OnnxNodes.Int("axis", 1)),
                OnnxNodes.Create("Gemm", "fc", ["flat", "W", "B"], ["logits"], OnnxNodes.Int("transB", 1)),
            ],
            [OnnxValueInfos.FloatWithDynamicBatch("image", 1, Size, Size)],
            [OnnxValueInfos.FloatWithDynamicBatch("logits", Classes)],
            [OnnxTensors.Float("W", weights, Classes, Size * Size), OnnxTensors.Float("B", new float[Classes], Classes)]
        );
        return OnnxModels.Create(
            graph,
            metadata: new Dictionary<string, string>
            {
                [ModelMetadataKeys.Labels] = JsonSerializer.Serialize(labels),
                [ModelMetadataKeys.InputChannels] = "1",
                [ModelMetadataKeys.InputSize] = Size.ToString(),
                [ModelMetadataKeys.Mean] = "[0.5]",
                [ModelMetadataKeys.Std] = "[0.5]",
            }
        );
    }

    public static int[] BandRows(int band) => [4 + 2 * band, 5 + 2 * band];

    /// <summary>A PNG, black except band <paramref name="band"/> (in <paramref name="brightness"/>); any size, grey or RGB.</summary>
    public static byte[] BandPng(int band, int size = Size, int channels = 1, byte brightness = 255)
    {
        var image = new Image(size, size, channels);
        for (var y = 0; y < size; y++)
        {
            var sourceRow = y * Size / size;
            if (!BandRows(band).Contains(sourceRow))
                continue;
            for (var x = 0; x < size; x++)
            for (var c = 0; c < channels; c++)
                image[x, y, c] = brightness;
        }

        return PngEncoder.Encode(image);
    }

    /// <summary>The normalised input tensor of band <paramref name="band"/>: +1 on its rows, -1 elsewhere.</summary>
    public static float[] BandTensor(int band)
    {
        var tensor = Enumerable.Repeat(-1f, Size * Size).ToArray();
        foreach (var row in BandRows(band))
            for (var x = 0; x < Size; x++)
                tensor[row * Size + x] = 1;
        return tensor;
    }
}
