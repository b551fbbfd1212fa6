namespace Mlops.Core.Artifacts;

/// <summary>Accuracy of a model on one split: overall, per class, and where it confuses classes.</summary>
public sealed record EvaluationResult
{
    public required string Split { get; init; }
    public required int Images { get; init; }
    public required double Loss { get; init; }
    public required double Accuracy { get; init; }
    public required IReadOnlyList<ClassAccuracy> PerClass { get; init; }

    /// <summary>confusion_matrix[true][predicted] counts.</summary>
    public required long[][] ConfusionMatrix { get; init; }
}

public sealed record ClassAccuracy(int Label, string Name, int Images, double Accuracy);
