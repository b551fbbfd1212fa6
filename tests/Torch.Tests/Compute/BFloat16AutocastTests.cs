using Mlops.Torch.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Torch.Tests.Compute;

/// <summary>Our bf16 autocast scope over libtorch 2.10: bfloat16 convolutions and linear layers inside, float32
/// weights and gradients, the previous state back after.</summary>
public class BFloat16AutocastTests
{
    [Fact]
    public void Inside_the_scope_conv_and_linear_compute_in_bfloat16_and_the_weights_stay_float32()
    {
        manual_seed(1);
        using var conv = nn.Conv2d(3, 4, 3, padding: 1);
        using var linear = nn.Linear(4, 2);
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 5, 5);

        Tensor convolved,
            projected;
        using (new BFloat16Autocast())
        {
            convolved = conv.forward(x);
            projected = linear.forward(convolved.mean([2L, 3L]));
        }

        convolved.dtype.Should().Be(ScalarType.BFloat16);
        projected.dtype.Should().Be(ScalarType.BFloat16);
        conv.parameters().Select(p => p.dtype).Should().AllBeEquivalentTo(ScalarType.Float32);
        conv.forward(x).dtype.Should().Be(ScalarType.Float32, "outside the scope the math is float32 again");
    }

    [Fact]
    public void Bfloat16_results_are_close_to_float32_and_gradients_reach_the_float32_weights()
    {
        manual_seed(2);
        using var conv = nn.Conv2d(3, 8, 3, padding: 1);
        using var scope = NewDisposeScope();
        var x = randn(4, 3, 8, 8);
        var expected = conv.forward(x).ToArray<float>();

        Tensor actual;
        using (new BFloat16Autocast())
            actual = conv.forward(x);
        actual.to(float32).sum().backward();

        var values = actual.to(float32).ToArray<float>();
        double scale = expected.Max(v => Math.Abs(v));
        // bfloat16 keeps 8 significant bits: about 0.4% of the magnitude per rounding, a few roundings per output.
        values.Zip(expected, (a, e) => (double)Math.Abs(a - e)).Max().Should().BeLessThan(0.02 * scale);
        conv.weight.grad!.dtype.Should().Be(ScalarType.Float32);
        conv.weight.grad!.abs().sum().item<float>().Should().BeGreaterThan(0);
    }

    [Fact]
    public void Nested_scopes_keep_autocast_on_until_the_outermost_ends()
    {
        using var linear = nn.Linear(4, 2);
        using var scope = NewDisposeScope();
        var x = randn(3, 4);
        using (new BFloat16Autocast())
        {
            using (new BFloat16Autocast())
                linear.forward(x).dtype.Should().Be(ScalarType.BFloat16);
            // Like torch.autocast: leaving an inner scope restores the state it found (enabled).
        }
        linear.forward(x).dtype.Should().Be(ScalarType.Float32);
    }

    [Fact]
    public void The_state_is_per_thread()
    {
        using var linear = nn.Linear(4, 2);
        using (new BFloat16Autocast())
        {
            ScalarType other = ScalarType.Int8;
            var thread = new Thread(() =>
            {
                using var inner = NewDisposeScope();
                other = linear.forward(randn(3, 4)).dtype;
            });
            thread.Start();
            thread.Join();
            other.Should().Be(ScalarType.Float32, "another thread has its own autocast state");
            using var scope = NewDisposeScope();
            linear.forward(randn(3, 4)).dtype.Should().Be(ScalarType.BFloat16);
        }
    }
}
