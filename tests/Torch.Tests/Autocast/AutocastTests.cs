namespace Mlops.Torch.Tests.Autocast;

/// <summary>torch.autocast on CPU: bfloat16 convolutions and linear layers inside the scope, float32 weights, state restored after.</summary>
public class AutocastTests
{
    [Fact]
    public void Inside_the_scope_conv_and_linear_compute_in_bfloat16_and_the_weights_stay_float32()
    {
        torch.manual_seed(1);
        using var conv = torch.nn.Conv2d(3, 4, 3, padding: 1);
        using var linear = torch.nn.Linear(4, 2);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3, 5, 5);

        torch.is_autocast_cpu_enabled().Should().BeFalse();
        Tensor convolved, projected;
        using (torch.autocast(torch.bfloat16))
        {
            torch.is_autocast_cpu_enabled().Should().BeTrue();
            convolved = conv.forward(x);
            projected = linear.forward(convolved.mean([2L, 3L]));
        }

        torch.is_autocast_cpu_enabled().Should().BeFalse("the scope restores the previous state");
        convolved.dtype.Should().Be(ScalarType.BFloat16);
        projected.dtype.Should().Be(ScalarType.BFloat16);
        conv.named_parameters().Select(p => p.parameter.dtype).Should().AllBeEquivalentTo(ScalarType.Float32);
        conv.forward(x).dtype.Should().Be(ScalarType.Float32, "outside the scope the math is float32 again");
    }

    [Fact]
    public void Bfloat16_results_are_close_to_float32_and_gradients_reach_the_float32_weights()
    {
        torch.manual_seed(2);
        using var conv = torch.nn.Conv2d(3, 8, 3, padding: 1);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, 3, 8, 8);
        var expected = conv.forward(x).ToArray<float>();

        Tensor actual;
        using (torch.autocast())
            actual = conv.forward(x);
        actual.to(torch.float32).sum().backward();

        var values = actual.to(torch.float32).ToArray<float>();
        double scale = expected.Max(v => Math.Abs(v));
        // bfloat16 keeps 8 significant bits: about 0.4% of the magnitude per rounding, a few roundings per output.
        values.Zip(expected, (a, e) => (double)Math.Abs(a - e)).Max().Should().BeLessThan(0.02 * scale);
        var weight = conv.named_parameters().First().parameter;
        weight.grad!.dtype.Should().Be(ScalarType.Float32);
        weight.grad!.abs().sum().item<double>().Should().BeGreaterThan(0);
    }

    [Fact]
    public void Nested_scopes_restore_the_outer_state_and_a_disabled_scope_turns_autocast_off()
    {
        using (torch.autocast())
        {
            using (torch.autocast(enabled: false))
                torch.is_autocast_cpu_enabled().Should().BeFalse();
            torch.is_autocast_cpu_enabled().Should().BeTrue();
        }
        torch.is_autocast_cpu_enabled().Should().BeFalse();
    }

    [Fact]
    public void An_unsupported_dtype_is_refused_with_libtorchs_reason_and_leaves_autocast_off()
    {
        var open = () => torch.autocast(torch.int64);

        open.Should().Throw<TorchException>().WithMessage("*bfloat16*");
        torch.is_autocast_cpu_enabled().Should().BeFalse();
    }

    [Fact]
    public void The_state_is_per_thread()
    {
        using (torch.autocast())
        {
            bool other = true;
            var thread = new Thread(() => other = torch.is_autocast_cpu_enabled());
            thread.Start();
            thread.Join();
            other.Should().BeFalse("another thread has its own autocast state");
            torch.is_autocast_cpu_enabled().Should().BeTrue();
        }
    }
}
