namespace Mlops.Export.Quantization;

/// <summary>Affine 8-bit parameters: real = scale × (q − zero_point), q in [−128, 127] (int8) or [0, 255]
/// (uint8).</summary>
public readonly record struct QuantParams(float Scale, int ZeroPoint)
{
    /// <summary>Asymmetric 8-bit over [min, max] widened to include 0 (so 0 and ReLU's floor are exact).</summary>
    public static QuantParams ForActivation(double min, double max, ActivationType type = ActivationType.Int8)
    {
        var lowest = type == ActivationType.Int8 ? -128 : 0;
        min = Math.Min(0, min);
        max = Math.Max(0, max);
        if (max - min < 1e-12)
            return new QuantParams(1f, type == ActivationType.Int8 ? 0 : 128);
        var scale = (max - min) / 255.0;
        var zeroPoint = Math.Clamp(Math.Round(lowest - min / scale), lowest, lowest + 255);
        return new QuantParams((float)scale, (int)zeroPoint);
    }

    /// <summary>Symmetric (zero point 0) scale for weights whose largest magnitude is <paramref
    /// name="absMax"/>.</summary>
    public static float SymmetricScale(double absMax) => absMax < 1e-12 ? 1f : (float)(absMax / 127.0);
}
