namespace Mlops.Export.Quantization;

/// <summary>Affine int8 parameters: real = scale × (q − zero_point), q in [−128, 127].</summary>
public readonly record struct QuantParams(float Scale, sbyte ZeroPoint)
{
    /// <summary>Asymmetric signed int8 over [min, max] widened to include 0 (so 0 and ReLU's floor are exact).</summary>
    public static QuantParams ForActivation(double min, double max)
    {
        min = Math.Min(0, min);
        max = Math.Max(0, max);
        if (max - min < 1e-12) return new QuantParams(1f, 0);
        var scale = (max - min) / 255.0;
        var zeroPoint = Math.Clamp(Math.Round(-128 - min / scale), -128, 127);
        return new QuantParams((float)scale, (sbyte)zeroPoint);
    }

    /// <summary>Symmetric (zero point 0) scale for weights whose largest magnitude is <paramref name="absMax"/>.</summary>
    public static float SymmetricScale(double absMax) => absMax < 1e-12 ? 1f : (float)(absMax / 127.0);
}
