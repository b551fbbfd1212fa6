namespace Mlops.Core.Artifacts;

/// <summary>quantize.json: fp32 vs int8 side by side, what stayed float, and whether the accuracy gate
/// passed.</summary>
public sealed record QuantizationReport
{
    public required string Fp32Model { get; init; }
    public required string Int8Model { get; init; }
    public required string Method { get; init; }
    public string ActivationType { get; init; } = "int8";
    public required int CalibrationImages { get; init; }
    public required string CalibrationData { get; init; }
    public required int FoldedBatchNorms { get; init; }
    public required int FusedRelus { get; init; }
    public required int QuantizedNodes { get; init; }
    public required IReadOnlyList<FloatNode> KeptFloat { get; init; }

    /// <summary>Op types of the graph ONNX Runtime runs for the int8 model (after its QDQ fusions), e.g. QLinearConv
    /// 20.</summary>
    public IReadOnlyDictionary<string, int> OrtInt8Kernels { get; init; } = new Dictionary<string, int>();

    /// <summary>Nodes of that graph still computing in float (a QDQ unit ORT did not fuse); 0 when fully
    /// integer.</summary>
    public int OrtFloatComputeNodes { get; init; }
    public required ModelFigures Fp32 { get; init; }
    public required ModelFigures Int8 { get; init; }
    public required string TestData { get; init; }

    /// <summary>Top-1 drop in percentage points (fp32 − int8).</summary>
    public required double AccuracyDropPoints { get; init; }
    public required double MaxAccuracyDropPoints { get; init; }
    public bool Passed => AccuracyDropPoints <= MaxAccuracyDropPoints;
    public double SizeRatio => (double)Int8.SizeBytes / Fp32.SizeBytes;
    public double SpeedupBatch1 => Fp32.LatencyBatch1Ms / Int8.LatencyBatch1Ms;
    public double SpeedupBatch32 => Fp32.LatencyBatch32Ms / Int8.LatencyBatch32Ms;

    /// <summary>int8 ran faster than fp32 on the machine that quantized, at batch 1 and at batch 32 (a server
    /// runs both). On small networks int8's gain can be overhead rather than compute; on others it is
    /// slower.</summary>
    public bool Int8Faster => SpeedupBatch1 > 1 && SpeedupBatch32 > 1;

    /// <summary>What serve and deploy run from a version with this report: the int8 file only when it passed the
    /// accuracy gate AND was faster; read by the server's file choice as "serve_int8".</summary>
    public bool ServeInt8 => Passed && Int8Faster;

    /// <summary>The choice in words, with its reason.</summary>
    public string Choice =>
        (ServeInt8 ? "int8" : "fp32")
        + string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $": the gate {(Passed ? "passed" : "failed")} ({AccuracyDropPoints:0.##} points dropped, at most "
                + $"{MaxAccuracyDropPoints:0.##}) and int8 ran {SpeedupBatch1:0.00}x at batch 1, "
                + $"{SpeedupBatch32:0.00}x at batch 32 ({(Int8Faster ? "faster" : "not faster")})"
        );
}

public sealed record ModelFigures(
    long SizeBytes,
    double Accuracy,
    int TestImages,
    double LatencyBatch1Ms,
    double LatencyBatch32Ms
);
