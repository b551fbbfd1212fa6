using Mlops.Data.Datasets;

namespace Mlops.Export.Quantization;

/// <summary>What `mlops quantize` is asked to do.</summary>
public sealed record QuantizeRequest
{
    public required string ModelPath { get; init; }
    public required DatasetSpec Calibration { get; init; }
    public CalibrationMethod Method { get; init; } = CalibrationMethod.MinMax;
    public int CalibrationSize { get; init; } = 512;

    /// <summary>UInt8 by default: the type ORT fuses into integer kernels on x86 (see <see
    /// cref="Quantization.ActivationType"/>).</summary>
    public ActivationType ActivationType { get; init; } = ActivationType.UInt8;

    /// <summary>Node names kept in float.</summary>
    public IReadOnlySet<string> Exclude { get; init; } = new HashSet<string>();

    /// <summary>Largest accepted top-1 drop, in percentage points.</summary>
    public double MaxAccuracyDrop { get; init; } = 1.0;

    /// <summary>Where the int8 file goes; null for &lt;model&gt;.int8.onnx beside the input.</summary>
    public string? OutputPath { get; init; }

    /// <summary>The split both models are scored on (the full split).</summary>
    public DatasetSpec TestData { get; init; } = DatasetSpec.Parse("fashion-mnist:test");
    public int? TestSubset { get; init; }
    public string? FashionMnistRoot { get; init; }

    /// <summary>Timed runs per latency figure at batch 1 (batch 32 gets a tenth, at least 3).</summary>
    public int LatencyRuns { get; init; } = 200;
}
