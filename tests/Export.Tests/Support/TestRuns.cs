using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Data.FashionMnist;
using Mlops.Train.Models;
using Mlops.Train.Runs;
using Mlops.Train.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Export.Tests.Support;

/// <summary>
/// Run folders holding a real ResNet checkpoint without the cost of training: torchvision-style initialisation
/// plus BatchNorm statistics measured on real Fashion-MNIST images (forward passes in train mode), so every
/// BatchNorm does real work in eval mode and activations have realistic ranges.
/// </summary>
internal static class TestRuns
{
    public const int ImageSize = 28;
    public static readonly float[] Mean = [0.286f];
    public static readonly float[] Std = [0.353f];

    /// <summary>These runs have no config.yaml to cut their own data from: their proofs run on Fashion-MNIST.</summary>
    public static readonly Data.Datasets.DatasetSpec ParityData = Data.Datasets.DatasetSpec.Parse("fashion-mnist:test");

    public static string Create(
        string root,
        string name = "tiny",
        bool smallStem = false,
        double? accuracy = 0.5,
        bool testTimeFlip = false,
        bool deepStem = false,
        int stemStride = 1
    )
    {
        var run = Path.Combine(root, name);
        Directory.CreateDirectory(Path.Combine(run, RunFolder.CheckpointsFolder));
        using var model = ResNets.Create(
            new ResNetDescription("resnet18", 10, 1, smallStem, stemStride, testTimeFlip, deepStem)
        );
        CalibrateNorms(model);
        Checkpoints.Save(
            Path.Combine(run, RunFolder.CheckpointsFolder, "best.safetensors"),
            model,
            Info(name, smallStem)
        );
        if (accuracy is { } value)
            File.WriteAllText(
                Path.Combine(run, ArtifactNames.Evaluation),
                JsonSerializer.Serialize(new { split = "fashion-mnist:test", accuracy = value })
            );
        return run;
    }

    public static CheckpointInfo Info(string name, bool smallStem) =>
        CheckpointInfo.Untrained(
            name,
            new ResNetDescription("resnet18", 10, 1, smallStem),
            ImageSize,
            FashionMnistDataset.ClassNames,
            Mean,
            Std
        ) with
        {
            Epoch = 1,
            GlobalStep = 1,
            DataFingerprint = "sha256:test",
        };

    /// <summary>Running statistics from real images, and random affine parameters so folding has something to fold.</summary>
    private static void CalibrateNorms(ResNet model)
    {
        var random = new Random(5);
        var images = FashionMnistDataset.Load(FashionMnistSplit.Test);
        var count = 128;
        var data = new float[count * ImageSize * ImageSize];
        for (var i = 0; i < data.Length; i++)
            data[i] = (images.Pixels[i] / 255f - Mean[0]) / Std[0];
        using var noGrad = torch.no_grad();
        model.train();
        for (var pass = 0; pass < 30; pass++)
        {
            using var scope = torch.NewDisposeScope();
            model.forward(torch.tensor(data, [count, 1, ImageSize, ImageSize]));
        }
        foreach (var norm in model.modules().OfType<BatchNorm2d>())
        {
            norm.weight!.copy_(
                torch.tensor(
                    Enumerable.Range(0, (int)norm.num_features).Select(_ => 0.5f + (float)random.NextDouble()).ToArray()
                )
            );
            norm.bias!.copy_(
                torch.tensor(
                    Enumerable
                        .Range(0, (int)norm.num_features)
                        .Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f)
                        .ToArray()
                )
            );
        }
        model.eval();
    }
}
