using System.Globalization;
using Mlops.Core.Errors;

namespace Mlops.Train.Models;

/// <summary>
/// Everything needed to rebuild a ResNet: depth, classes, input channels, stem (small stem, its stride, deep stem) and
/// whether
/// its eval-mode answer averages the image with its mirror (<see cref="TestTimeFlip"/>). Stored next to the weights
/// (safetensors metadata) so an exporter or evaluator rebuilds the same network.
/// </summary>
/// <param name="TestTimeFlip">In eval mode, the logits are the mean of the logits of the image and of its left-right
/// mirror (twice the inference work). Training is unchanged; the exported ONNX graph does the same averaging.</param>
/// <param name="DeepStem">A full-resolution 3x3 convolution (<see cref="DeepStemWidth"/> channels) + BatchNorm + ReLU,
/// registered as <c>stem</c>, runs before the small stem's conv1: the image is seen through a non-linearity before a
/// stride-2 conv1 drops three pixels in four (the "deep stem" of Bag of Tricks' ResNet-C, one layer deep).</param>
public sealed record ResNetDescription(
    string Arch,
    int NumClasses,
    int InChannels = 3,
    bool SmallStem = false,
    int StemStride = 1,
    bool TestTimeFlip = false,
    bool DeepStem = false
)
{
    /// <summary>Channels of the deep stem's convolution (timm's stem width).</summary>
    public const int DeepStemWidth = 32;

    public static readonly IReadOnlyList<string> Architectures = ["resnet18", "resnet34", "resnet50"];

    private const string ArchKey = "arch";
    private const string NumClassesKey = "num_classes";
    private const string InChannelsKey = "in_channels";
    private const string SmallStemKey = "small_stem";
    private const string StemStrideKey = "stem_stride";
    private const string TestTimeFlipKey = "test_time_flip";
    private const string DeepStemKey = "deep_stem";

    /// <summary>Throws a <see cref="MlopsException"/> naming the bad field (where = the caller's source).</summary>
    public ResNetDescription Validate(string where = "model")
    {
        if (!Architectures.Contains(Arch))
            throw new MlopsException(
                $"unknown architecture '{Arch}' (known: {string.Join(", ", Architectures)})",
                $"{where}.arch"
            );
        if (NumClasses < 1)
            throw new MlopsException($"num_classes must be at least 1, got {NumClasses}", $"{where}.num_classes");
        if (InChannels < 1)
            throw new MlopsException($"in_channels must be at least 1, got {InChannels}", $"{where}.in_channels");
        if (StemStride is not (1 or 2))
            throw new MlopsException($"stem_stride must be 1 or 2, got {StemStride}", $"{where}.stem_stride");
        if (StemStride != 1 && !SmallStem)
            throw new MlopsException("stem_stride applies to the small stem only", $"{where}.stem_stride");
        if (DeepStem && !SmallStem)
            throw new MlopsException("deep_stem applies to the small stem only", $"{where}.deep_stem");
        return this;
    }

    /// <summary>The description as string metadata (safetensors <c>__metadata__</c>).</summary>
    public Dictionary<string, string> ToMetadata() =>
        new()
        {
            [ArchKey] = Arch,
            [NumClassesKey] = NumClasses.ToString(CultureInfo.InvariantCulture),
            [InChannelsKey] = InChannels.ToString(CultureInfo.InvariantCulture),
            [SmallStemKey] = SmallStem ? "true" : "false",
            [StemStrideKey] = StemStride.ToString(CultureInfo.InvariantCulture),
            [TestTimeFlipKey] = TestTimeFlip ? "true" : "false",
            [DeepStemKey] = DeepStem ? "true" : "false",
        };

    /// <summary>Reads what <see cref="ToMetadata"/> wrote; <paramref name="where"/> names the file for
    /// errors.</summary>
    public static ResNetDescription FromMetadata(IReadOnlyDictionary<string, string> metadata, string where)
    {
        string Get(string key) =>
            metadata.TryGetValue(key, out var value)
                ? value
                : throw new MlopsException(
                    $"the weight file's metadata has no '{key}': it does not describe a ResNet",
                    where
                );
        int GetInt(string key) =>
            int.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new MlopsException($"metadata '{key}' is '{Get(key)}', not a whole number", where);
        bool GetBool(string key) =>
            Get(key) switch
            {
                "true" => true,
                "false" => false,
                var other => throw new MlopsException($"metadata '{key}' is '{other}', not true or false", where),
            };
        // Files written before an option existed were written without it: stride-1 stem, no flip, no deep stem.
        bool GetFlag(string key) => metadata.ContainsKey(key) && GetBool(key);
        int stemStride = metadata.ContainsKey(StemStrideKey) ? GetInt(StemStrideKey) : 1;
        return new ResNetDescription(
            Get(ArchKey),
            GetInt(NumClassesKey),
            GetInt(InChannelsKey),
            GetBool(SmallStemKey),
            stemStride,
            GetFlag(TestTimeFlipKey),
            GetFlag(DeepStemKey)
        ).Validate(where);
    }
}
