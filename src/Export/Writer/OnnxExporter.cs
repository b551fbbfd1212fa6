using System.Globalization;
using System.Text.Json;
using Mlops.Onnx;
using Mlops.Onnx.Model;
using Mlops.Train.Models;
using Mlops.Train.Training;
using Onnx;

namespace Mlops.Export.Writer;

/// <summary>Turns a loaded checkpoint into an opset-17 ModelProto: input "input" [N,C,H,W], output "logits"
/// [N,classes].</summary>
public static class OnnxExporter
{
    public const string InputName = "input";
    public const string OutputName = "logits";

    public static ModelProto Build(ResNet model, CheckpointInfo info, double? testAccuracy, bool foldBatchNorm = true)
    {
        var graph = new OnnxGraphBuilder();
        graph.Reserve(InputName);
        graph.Reserve(OutputName);
        var writer = new ModuleGraphWriter(graph, foldBatchNorm);
        var last = model.Description.TestTimeFlip
            ? MirrorAveragingWriter.Write(graph, InputName, info.NumClasses, batch => writer.Write(model, "", batch))
            : writer.Write(model, "", InputName);
        graph.Rename(last, OutputName);
        var proto = OnnxModels.Graph(
            info.Run,
            graph.Nodes,
            [OnnxValueInfos.FloatWithDynamicBatch(InputName, info.InChannels, info.ImageSize, info.ImageSize)],
            [OnnxValueInfos.FloatWithDynamicBatch(OutputName, info.NumClasses)],
            graph.Initializers
        );
        return OnnxModels.Create(
            proto,
            producerVersion: typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            docString: $"{info.Arch} from run {info.Run}, epoch {info.Epoch}",
            metadata: Metadata(info, testAccuracy)
        );
    }

    /// <summary>What a server or evaluator needs to use the file alone (keys: <see
    /// cref="ModelMetadataKeys"/>).</summary>
    public static Dictionary<string, string> Metadata(CheckpointInfo info, double? testAccuracy)
    {
        var metadata = new Dictionary<string, string>
        {
            [ModelMetadataKeys.Labels] = JsonSerializer.Serialize(info.ClassNames),
            [ModelMetadataKeys.InputChannels] = info.InChannels.ToString(CultureInfo.InvariantCulture),
            [ModelMetadataKeys.InputSize] = info.ImageSize.ToString(CultureInfo.InvariantCulture),
            [ModelMetadataKeys.Mean] = JsonSerializer.Serialize(info.NormalizeMean),
            [ModelMetadataKeys.Std] = JsonSerializer.Serialize(info.NormalizeStd),
            [ModelMetadataKeys.OutputKind] = "logits",
            [ModelMetadataKeys.Run] = info.Run,
            [ModelMetadataKeys.DataFingerprint] = info.DataFingerprint,
            [ModelMetadataKeys.Arch] = info.Arch,
        };
        if (testAccuracy is { } accuracy)
            metadata[ModelMetadataKeys.TestAccuracy] = accuracy.ToString("R", CultureInfo.InvariantCulture);
        return metadata;
    }
}
