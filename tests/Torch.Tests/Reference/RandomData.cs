namespace Mlops.Torch.Tests.Reference;

/// <summary>Deterministic test inputs generated in .NET (independent of libtorch's generator).</summary>
public static class RandomData
{
    public static float[] Normal(int count, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int k = 0; k < count; k++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[k] = (float)(scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }
}
