namespace Mlops.Torch.Tests.Reference;

/// <summary>Element-wise comparison with a tolerance that reports the worst element.</summary>
public static class Close
{
    public static void Assert(float[] actual, double[] expected, double tolerance, string what)
    {
        actual.Length.Should().Be(expected.Length, $"{what}: element count");
        double worst = 0;
        int at = -1;
        for (int k = 0; k < actual.Length; k++)
        {
            var diff = Math.Abs(actual[k] - expected[k]) / Math.Max(1.0, Math.Abs(expected[k]));
            if (!(diff <= worst))
            {
                worst = diff;
                at = k;
            }
        }
        worst
            .Should()
            .BeLessThanOrEqualTo(
                tolerance,
                $"{what}: element {at} is {(at >= 0 ? actual[at] : 0)} but PyTorch gives {(at >= 0 ? expected[at] : 0)}"
            );
    }
}
