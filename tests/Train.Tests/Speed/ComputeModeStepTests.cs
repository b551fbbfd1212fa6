using Mlops.Torch;
using Mlops.Torch.Compute;
using Mlops.Torch.Optim;
using Mlops.Train.Models;
using Mlops.Train.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Speed;

/// <summary>
/// The trainer's step under each speed lever: a stride-2 stem halves the resolution, channels_last computes what NCHW
/// computes, and bf16 autocast learns (the loss falls) while its logits stay close to fp32's.
/// </summary>
public class ComputeModeStepTests
{
    private const int Batch = 16;
    private static readonly long[] Shape = [Batch, 1, 28, 28];

    private static (float[] Images, long[] Labels) FixedBatch()
    {
        var random = new Random(3);
        var images = new float[Batch * 28 * 28];
        for (int i = 0; i < images.Length; i++)
            images[i] = (float)(random.NextDouble() * 2 - 1);
        var labels = Enumerable.Range(0, Batch).Select(i => (long)(i % 10)).ToArray();
        return (images, labels);
    }

    /// <summary>Two ResNet-18s with identical weights (ImageNet stem: cheap at 28x28).</summary>
    private static (ResNet First, ResNet Second) Twins()
    {
        torch.manual_seed(11);
        var first = ResNets.resnet18(num_classes: 10, in_channels: 1);
        var second = ResNets.resnet18(num_classes: 10, in_channels: 1);
        second.load_state_dict(first.state_dict());
        return (first, second);
    }

    private static optim.Optimizer Sgd(ResNet model) =>
        new InPlaceSgd([new SGD.ParamGroup { Parameters = model.parameters() }], 0.05, 0.9, 0, nesterov: false);

    [Fact]
    public void A_stride_2_small_stem_feeds_layer1_at_14x14()
    {
        using var stride1 = ResNets.Create(new ResNetDescription("resnet18", 10, 1, SmallStem: true));
        using var stride2 = ResNets.Create(new ResNetDescription("resnet18", 10, 1, SmallStem: true, StemStride: 2));
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 1, 28, 28);

        stride1.conv1.forward(x).shape.Should().Equal(2, 64, 28, 28);
        stride2.conv1.forward(x).shape.Should().Equal(2, 64, 14, 14);
        stride2.forward(x).shape.Should().Equal(2, 10);
    }

    [Fact]
    public void Channels_last_steps_compute_the_same_losses_as_the_default_layout()
    {
        var (plain, relaid) = Twins();
        using (plain)
        using (relaid)
        {
            var channelsLast = new ComputeMode(ChannelsLast: true);
            ChannelsLast.Apply(relaid);
            using var plainSgd = Sgd(plain);
            using var relaidSgd = Sgd(relaid);
            var (images, labels) = FixedBatch();

            for (int step = 0; step < 3; step++)
            {
                var expected = TrainingStep.Run(plain, plainSgd, images, Shape, labels, 0.1);
                var actual = TrainingStep.Run(relaid, relaidSgd, images, Shape, labels, 0.1, compute: channelsLast);
                // Same math in another summation order: the first step agrees to float rounding; each update then
                // amplifies that rounding a little (0.2% seen after two updates on a loaded machine).
                double tolerance = (step == 0 ? 1e-4 : 1e-2) * Math.Max(1, expected.Loss);
                actual.Loss.Should().BeApproximately(expected.Loss, tolerance, $"step {step}");
            }
            ChannelsLast.IsChannelsLast(relaid.conv1.weight).Should().BeTrue("the optimizer keeps the layout");
        }
    }

    [Fact]
    public void Bf16_steps_reduce_the_loss_and_keep_logits_close_to_fp32()
    {
        var (fp32, bf16) = Twins();
        using (fp32)
        using (bf16)
        {
            var mode = new ComputeMode(Bfloat16: true);
            var (images, labels) = FixedBatch();
            fp32.eval();
            bf16.eval();
            using (var scope = torch.NewDisposeScope())
            {
                var x = torch.tensor(images, Shape);
                var expected = fp32.forward(x).ToArray<float>();
                Tensor logits;
                using (new BFloat16Autocast())
                    logits = bf16.forward(x);
                logits.dtype.Should().Be(ScalarType.BFloat16);
                var actual = logits.to(torch.float32).ToArray<float>();
                double scale = expected.Max(v => Math.Abs(v));
                // 18 layers of 8-bit-mantissa products: a few percent of the logits' magnitude.
                actual.Zip(expected, (a, e) => (double)Math.Abs(a - e)).Max().Should().BeLessThan(0.05 * scale);
            }

            bf16.train();
            using var sgd = torch.optim.SGD(bf16.parameters(), 0.02, momentum: 0.9);
            var losses = Enumerable
                .Range(0, 6)
                .Select(_ => TrainingStep.Run(bf16, sgd, images, Shape, labels, 0.0, compute: mode).Loss)
                .ToList();

            losses.Should().OnlyContain(l => double.IsFinite(l));
            losses[^1].Should().BeLessThan(losses[0] * 0.8, "six steps on one batch memorise part of it");
            bf16.conv1.weight.dtype.Should().Be(ScalarType.Float32, "the weights stay fp32");
        }
    }
}
