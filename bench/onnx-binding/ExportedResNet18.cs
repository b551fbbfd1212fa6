using Mlops.Export.Writer;
using Mlops.Onnx.Model;
using Mlops.Train.Models;
using Mlops.Train.Training;

namespace Mlops.Bench.OnnxBinding;

/// <summary>
/// The benchmark's model, written by our own exporter: ResNet-18 (ImageNet stem, 10 classes, 3x32x32 input) with
/// torchvision-style random initialisation from a fixed seed. Timing does not depend on trained weights.
/// </summary>
internal static class ExportedResNet18
{
    public static void Write(string path)
    {
        TorchSharp.torch.manual_seed(0);
        var description = new ResNetDescription("resnet18", NumClasses: 10, InChannels: 3);
        using var model = ResNets.Create(description);
        model.eval();
        var classes = Enumerable.Range(0, 10).Select(i => $"class{i}").ToArray();
        var info = CheckpointInfo.Untrained("bench-onnx-binding", description, imageSize: 32, classes,
            [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);
        OnnxModelFile.Write(path, OnnxExporter.Build(model, info, testAccuracy: null));
    }
}
