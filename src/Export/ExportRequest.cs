using Mlops.Data.Datasets;

namespace Mlops.Export;

/// <summary>What `mlops export` is asked to do.</summary>
public sealed record ExportRequest
{
    /// <summary>The run folder (runs/&lt;name&gt;).</summary>
    public required string RunPath { get; init; }

    /// <summary>"best", "last" or a path to a .safetensors checkpoint.</summary>
    public string Checkpoint { get; init; } = "best";

    /// <summary>Where the .onnx file goes; null for runs/&lt;name&gt;/model.onnx.</summary>
    public string? OutputPath { get; init; }
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>
    /// Images the parity proof runs on; null for the run's own data (its test split, or its validation part when
    /// the data has no test split, cut as the run cut it).
    /// </summary>
    public DatasetSpec? ParityData { get; init; }
    public int ParityImages { get; init; } = 256;
    public double MaxAbsDiff { get; init; } = Parity.ParityProof.DefaultMaxAbsDiff;
    public string? FashionMnistRoot { get; init; }
}
