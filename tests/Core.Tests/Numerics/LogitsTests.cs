using Mlops.Core.Numerics;

namespace Mlops.Core.Tests.Numerics;

public class LogitsTests
{
    [Fact]
    public void Softmax_sums_to_one_keeps_the_order_and_does_not_overflow_on_large_logits()
    {
        var p = Logits.Softmax([1000f, 999f, 0f]);

        p.Sum().Should().BeApproximately(1f, 1e-6f);
        p[0].Should().BeApproximately(1 / (1 + MathF.Exp(-1)), 1e-6f);
        p[2].Should().Be(0);
        Logits.Softmax([0f, 0f, 0f, 0f]).Should().AllBeEquivalentTo(0.25f);
    }

    [Fact]
    public void ArgMax_takes_the_first_of_equal_values()
    {
        Logits.ArgMax([0.2f, 0.7f, 0.7f, -1f]).Should().Be(1);
    }

    [Fact]
    public void Cross_entropy_is_minus_the_log_of_the_labels_probability()
    {
        float[] row = [2f, -1f, 0.5f];

        Logits.CrossEntropy(row, 2).Should().BeApproximately(-Math.Log(Logits.Softmax(row)[2]), 1e-6);
        Logits.CrossEntropy([500f, 0f], 1).Should().BeApproximately(500, 1e-9, "stable where exp(500) overflows float");
    }
}
