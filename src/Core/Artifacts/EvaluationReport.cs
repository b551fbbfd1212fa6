using System.Text.Json;
using Mlops.Core.Errors;
using Mlops.Core.IO;

namespace Mlops.Core.Artifacts;

/// <summary>
/// evaluation.json: a model's figures on one split, and what was evaluated. The trainer writes the full result of its
/// best checkpoint (per class, confusion matrix, epoch); the pipeline's evaluate stage the ONNX model's figures on the
/// data it names. The registry reads its numbers as the version's metrics.
/// </summary>
public sealed record EvaluationReport
{
    /// <summary>"test", or "validation" for an image folder (which has no test split); null in files that predate
    /// it.</summary>
    public string? Split { get; init; }

    /// <summary>The one figure every evaluation.json has (hand-written ones for `registry push` too).</summary>
    public required double Accuracy { get; init; }
    public int? Images { get; init; }
    public double? Loss { get; init; }
    public IReadOnlyList<ClassAccuracy>? PerClass { get; init; }

    /// <summary>confusion_matrix[true][predicted] counts.</summary>
    public long[][]? ConfusionMatrix { get; init; }

    /// <summary>Which checkpoint the trainer evaluated ("best").</summary>
    public string? Checkpoint { get; init; }
    public int? Epoch { get; init; }

    /// <summary>The data the evaluate stage named (fashion-mnist:test, an image folder...).</summary>
    public string? Data { get; init; }

    /// <summary>The model file the evaluate stage ran.</summary>
    public string? Model { get; init; }

    /// <summary>What the trainer's final evaluation on an image folder's held-out part records as its split.</summary>
    public const string ValidationSplit = "validation";

    /// <summary>
    /// Whether the figures are test figures: only an image folder's validation part is not (files naming no split, as
    /// the evaluate stage writes on the data it names, keep the meaning they always had).
    /// </summary>
    public bool IsTestFigure => IsTestSplit(Split);

    /// <summary>The rule behind <see cref="IsTestFigure"/> for a split name already in hand.</summary>
    public static bool IsTestSplit(string? split) => split is not ValidationSplit;

    public static EvaluationReport From(EvaluationResult result) =>
        new()
        {
            Split = result.Split,
            Images = result.Images,
            Loss = result.Loss,
            Accuracy = result.Accuracy,
            PerClass = result.PerClass,
            ConfusionMatrix = result.ConfusionMatrix,
        };
}

/// <summary>The one writer and reader of evaluation.json.</summary>
public static class EvaluationReportFile
{
    public static void Write(string path, EvaluationReport report) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(report, ArtifactJson.Indented) + "\n");

    /// <summary>The report, or null when there is no file; a file that is not one is an error naming it.</summary>
    public static EvaluationReport? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<EvaluationReport>(File.ReadAllText(path), ArtifactJson.Options)
                ?? throw new JsonException("null");
        }
        catch (JsonException error)
        {
            throw new MlopsException($"unreadable evaluation file: {error.Message}", path);
        }
    }
}
