using Mlops.Torch;
using Mlops.Torch.Serialization;
using Mlops.Train.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Models;

/// <summary>Our ResNet on torchvision's weights computes torchvision's logits (max abs diff ≤ 1e-4).</summary>
public sealed class ResNetParityTests(TorchvisionReference reference) : IClassFixture<TorchvisionReference>
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, ResNetDescription, long[]> Variants =>
        new()
        {
            { "resnet18", new ResNetDescription("resnet18", 10), [2, 3, 64, 64] },
            { "resnet50", new ResNetDescription("resnet50", 7), [2, 3, 64, 64] },
            { "resnet18_small", new ResNetDescription("resnet18", 10, InChannels: 1, SmallStem: true), [4, 1, 28, 28] },
            {
                "resnet18_small_s2",
                new ResNetDescription("resnet18", 10, InChannels: 1, SmallStem: true, StemStride: 2),
                [4, 1, 28, 28]
            },
            {
                "resnet18_deep_s2",
                new ResNetDescription("resnet18", 10, InChannels: 1, SmallStem: true, StemStride: 2, DeepStem: true),
                [4, 1, 28, 28]
            },
        };

    [Theory]
    [MemberData(nameof(Variants))]
    public void State_dict_names_order_and_shapes_are_torchvisions(string name, ResNetDescription description, long[] _)
    {
        using var model = ResNets.Create(description);
        var file = StateDictFile.Read(reference.File(name + ".pth"));

        var ours = ModuleTree.StateDict(model).ToDictionary();
        ours.Keys.Should().Equal(file.Keys);
        foreach (var (key, tensor) in ours)
            tensor.shape.Should().Equal(file[key].Shape, key);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Eval_forward_matches_torchvision(string name, ResNetDescription description, long[] inputShape)
    {
        using var model = ResNets.Create(description);
        model.LoadWeights(reference.File(name + ".pth"));
        model.eval();

        var logits = Forward(model, name, inputShape);

        MaxAbsDiff(logits, reference.Floats(name + ".eval")).Should().BeLessThanOrEqualTo(Tolerance);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Train_forward_matches_torchvision_including_batchnorm_statistics(
        string name,
        ResNetDescription description,
        long[] inputShape
    )
    {
        using var model = ResNets.Create(description);
        model.LoadWeights(reference.File(name + ".pth"));
        model.train();

        var logits = Forward(model, name, inputShape);

        MaxAbsDiff(logits, reference.Floats(name + ".train")).Should().BeLessThanOrEqualTo(Tolerance);
        var expectedBuffers = StateDictFile.Read(reference.File(name + ".buffers_after_train.pth"));
        var ours = ModuleTree.StateDict(model).ToDictionary();
        foreach (var (key, expected) in expectedBuffers.Tensors)
        {
            var actual = ours[key].ToTensorData();
            if (expected.DType == TensorDType.Int64)
                actual.ToArray<long>().Should().Equal(expected.ToArray<long>(), key);
            else
                MaxAbsDiff(actual.ToArray<float>(), expected.ToArray<float>())
                    .Should()
                    .BeLessThanOrEqualTo(Tolerance, key);
        }
    }

    [Fact]
    public void A_torchvision_pth_fine_tunes_into_another_number_of_classes()
    {
        var path = reference.File("resnet18.pth");
        using var model = ResNets.resnet18(num_classes: 4);

        var report = PretrainedWeights.Load(model, path);

        report.HeadReplaced.Should().BeTrue();
        report.ShapeMismatches.Select(m => m.Key).Should().Equal("fc.weight", "fc.bias");
        report.LoadedCount.Should().Be(model.state_dict().Count - 2);
        var file = StateDictFile.Read(path);
        model
            .state_dict()["layer3.0.downsample.1.running_var"]
            .ToTensorData()
            .Data.Should()
            .Equal(file["layer3.0.downsample.1.running_var"].Data);
    }

    private float[] Forward(ResNet model, string name, long[] inputShape)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(reference.Floats(name + ".input"), inputShape);
        return model.forward(input).ToArray<float>();
    }

    internal static double MaxAbsDiff(float[] actual, float[] expected)
    {
        actual.Length.Should().Be(expected.Length);
        return actual.Zip(expected, (a, e) => Math.Abs((double)a - e)).DefaultIfEmpty(0).Max();
    }
}
