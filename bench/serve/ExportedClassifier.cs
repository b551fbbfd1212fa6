using Mlops.Data.FashionMnist;
using Mlops.Export.Writer;
using Mlops.Onnx.Model;
using Mlops.Train.Models;
using Mlops.Train.Training;

namespace Mlops.Bench.Serve;

/// <summary>
/// The benchmark's model, written by our own exporter: ResNet-18 for 28x28 grey Fashion-MNIST with the small stem
/// (3x3 stride-1 conv, no max-pool) and the serving metadata. Random weights from a fixed seed: the bench measures
/// speed, not accuracy.
/// </summary>
internal static class ExportedClassifier
{
    public static void Write(string path)
    {
        TorchSharp.torch.manual_seed(0);
        var description = new ResNetDescription("resnet18", NumClasses: 10, InChannels: 1, SmallStem: true);
        using var model = ResNets.Create(description);
        model.eval();
        var info = CheckpointInfo.Untrained("bench-serve", description, imageSize: 28, FashionMnistDataset.ClassNames, [0.286f], [0.353f]);
        OnnxModelFile.Write(path, OnnxExporter.Build(model, info, testAccuracy: null));
    }
}
