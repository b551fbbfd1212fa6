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
    /// <summary>Images the parity proof runs on (the test split: the run's validation part is not stored).</summary>
    public DatasetSpec ParityData { get; init; } = DatasetSpec.Parse("fashion-mnist:test");
    public int ParityImages { get; init; } = 256;
    public double MaxAbsDiff { get; init; } = Parity.ParityProof.DefaultMaxAbsDiff;
    public string? FashionMnistRoot { get; init; }
}
