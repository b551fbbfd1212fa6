using F = Mlops.Torch.torch.nn.functional;

namespace Mlops.Torch.Tests.Tensors;

/// <summary>Ops used less often, checked against hand-computed values.</summary>
public class MoreOpsTests
{
    [Fact]
    public void Pooling_and_losses()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(16, torch.float32).reshape(1, 1, 4, 4);

        F.avg_pool2d(x, 2).ToArray<float>().Should().Equal(2.5f, 4.5f, 10.5f, 12.5f);
        F.max_pool2d(x, 2).ToArray<float>().Should().Equal(5, 7, 13, 15);
        F.adaptive_avg_pool2d(x, [1, 2]).ToArray<float>().Should().Equal(6.5f, 8.5f);
        F.mse_loss(torch.tensor(new float[] { 1, 2 }), torch.tensor(new float[] { 3, 2 })).item<float>().Should().Be(2);
        F.mse_loss(torch.tensor(new float[] { 1, 2 }), torch.tensor(new float[] { 3, 2 }), Reduction.Sum).item<float>().Should().Be(4);

        // Uniform logits over 4 classes: cross-entropy is ln 4 whatever the label or smoothing.
        var uniform = torch.zeros(2, 4);
        F.cross_entropy(uniform, torch.tensor(new long[] { 1, 3 }), label_smoothing: 0.3).item<float>()
            .Should().BeApproximately((float)Math.Log(4), 1e-6f);
        var ignored = F.cross_entropy(torch.tensor(new float[] { 0, 10, 0, 0 }, [2, 2]), torch.tensor(new long[] { 1, -100 }));
        ignored.item<float>().Should().BeApproximately((float)Math.Log(1 + Math.Exp(-10)), 1e-6f, "ignore_index rows do not count");
    }

    [Fact]
    public void Indexing_and_filling()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);

        t.gather(1, torch.tensor(new long[] { 1, 0 }, [2, 1])).ToArray<float>().Should().Equal(2, 3);
        t.masked_fill(t.gt(2), -1).ToArray<float>().Should().Equal(1, 2, -1, -1);
        t.expand(3, 2, 2).shape.Should().Equal(3, 2, 2);
        t.repeat(1, 2).ToArray<float>().Should().Equal(1, 2, 1, 2, 3, 4, 3, 4);
        torch.randperm(6).SortedValues().Should().Equal(0, 1, 2, 3, 4, 5);
        t.sigmoid().ToArray<float>()[0].Should().BeApproximately((float)(1 / (1 + Math.Exp(-1))), 1e-6f);
        t.std().item<float>().Should().BeApproximately((float)Math.Sqrt(5.0 / 3), 1e-6f, "unbiased, as torch.std");
        t.var(0).ToArray<float>().Should().Equal(2, 2);
    }

    [Fact]
    public void Gradient_clipping_scales_to_the_max_norm()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.zeros([2], requires_grad: true);
        var b = torch.zeros([1], requires_grad: true);
        a.grad = torch.tensor(new float[] { 3, 0 });
        b.grad = torch.tensor(new float[] { 4 });

        var norm = Gradients.clip_grad_norm_([a, b], max_norm: 1);

        norm.Should().BeApproximately(5, 1e-6);
        a.grad!.ToArray<float>()[0].Should().BeApproximately(0.6f, 1e-5f);
        b.grad!.ToArray<float>()[0].Should().BeApproximately(0.8f, 1e-5f);
    }

    [Fact]
    public void Kaiming_normal_fan_out_has_the_pytorch_spread()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.empty(256, 64, 3, 3);
        torch.nn.init.kaiming_normal_(w, mode: torch.nn.FanMode.FanOut, nonlinearity: torch.nn.Nonlinearity.Relu);
        w.std().item<float>().Should().BeApproximately((float)Math.Sqrt(2.0 / (256 * 9)), 0.001f);
    }
}

internal static class TensorSortExtensions
{
    public static long[] SortedValues(this Tensor t)
    {
        var values = t.ToArray<long>();
        Array.Sort(values);
        return values;
    }
}
