namespace Mlops.Export.Quantization;

/// <summary>How an activation's observed values become its int8 range.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen.</summary>
    MinMax,

    /// <summary>Clip |x| at its 99.999th percentile (outliers no longer stretch the scale).</summary>
    Percentile,

    /// <summary>Clip |x| where the int8 histogram loses least information (KL divergence, as TensorRT
    /// calibrates).</summary>
    Entropy,
}
