using Mlops.Export.Quantization;

namespace Mlops.Export.Tests.Quantization;

public sealed class RangeEstimatorTests
{
    /// <summary>Half-normal-like activations in [0, ~3] plus one outlier at 100, as a ReLU output with a rare spike.</summary>
    private static TensorRange Observed()
    {
        var random = new Random(3);
        var values = Enumerable
            .Range(0, 200_000)
            .Select(_ => (float)Math.Abs(random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2)
            .ToList();
        values.Add(100f);
        var range = new TensorRange();
        range.Observe(values.ToArray());
        range.StartHistogram();
        range.Accumulate(values.ToArray());
        return range;
    }

    [Fact]
    public void Minmax_keeps_the_outlier_while_percentile_and_entropy_clip_it()
    {
        var range = Observed();

        var minmax = RangeEstimators.Estimate(range, CalibrationMethod.MinMax);
        var percentile = RangeEstimators.Estimate(range, CalibrationMethod.Percentile);
        var entropy = RangeEstimators.Estimate(range, CalibrationMethod.Entropy);

        minmax.Max.Should().Be(100);
        percentile.Max.Should().BeInRange(2.5, 3.2, "99.999% of the mass lies below ~3");
        entropy.Max.Should().BeInRange(1.5, 10, "KL keeps most of the bulk and drops the lone spike");
        new[] { minmax.Min, percentile.Min, entropy.Min }
            .Should()
            .AllSatisfy(m => m.Should().BeGreaterThanOrEqualTo(0));
    }

    [Fact]
    public void Activation_parameters_put_zero_exactly_on_a_level_and_relu_outputs_at_minus_128()
    {
        QuantParams.ForActivation(0, 6).Should().Be(new QuantParams(6f / 255, -128));
        QuantParams.ForActivation(0, 6, ActivationType.UInt8).Should().Be(new QuantParams(6f / 255, 0));
        var signed = QuantParams.ForActivation(-1, 3);
        ((-128 - signed.ZeroPoint) * signed.Scale)
            .Should()
            .BeApproximately(-1f, signed.Scale / 2, "the minimum maps to -128");
        QuantParams.ForActivation(2, 2).Scale.Should().BeApproximately(2f / 255, 1e-7f, "the range always includes 0");
    }
}
