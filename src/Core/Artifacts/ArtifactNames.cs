namespace Mlops.Core.Artifacts;

/// <summary>
/// File names of the artifacts stages hand each other (a run folder, a registry version, a serving image). The one
/// place they are spelled; the stages refer to these.
/// </summary>
public static class ArtifactNames
{
    /// <summary>The fp32 ONNX model `mlops export` writes (parity-proven against the checkpoint).</summary>
    public const string Model = "model.onnx";

    /// <summary>The int8 model `mlops quantize` writes when the accuracy gate passed.</summary>
    public const string Int8Model = "model.int8.onnx";

    /// <summary>The int8 model's report from `mlops quantize`: gate, speed-up, and which file to serve.</summary>
    public const string QuantizeReport = "quantize.json";

    /// <summary>`mlops export`'s report: what was exported from where, and its parity proof.</summary>
    public const string ExportReport = "export.json";

    /// <summary>The trainer's (or `mlops eval`'s) test evaluation: accuracy, per class, confusion matrix.</summary>
    public const string Evaluation = "evaluation.json";

    /// <summary>A registry version's card (files with sha256, metrics, lineage), also baked beside the model in an
    /// image.</summary>
    public const string ModelCard = "card.json";

    /// <summary>The run's composed config, as trained.</summary>
    public const string Config = "config.yaml";

    /// <summary>The latest checkpoint of a run, in its checkpoints/ folder (what --resume continues from).</summary>
    public const string LastCheckpoint = "last.safetensors";

    /// <summary>Features of the validation images, the reference live traffic is compared with for drift.</summary>
    public const string DriftReference = "drift-reference.jsonl";
}
