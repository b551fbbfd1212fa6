using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Artifacts;
using Mlops.Data.Loading;
using Mlops.Onnx;

namespace Mlops.Onnx.Evaluation;

/// <summary>Accuracy, loss and confusions of an ONNX model (any model with one image input and one logits output) on a
/// loader.</summary>
public static class OnnxEvaluation
{
    public static EvaluationResult Evaluate(
        InferenceSession session,
        DataLoader loader,
        IReadOnlyList<string> classNames,
        string split,
        string where,
        Action<int>? progress = null,
        CancellationToken cancellation = default
    )
    {
        var classes = classNames.Count;
        var confusion = new long[classes][];
        for (var c = 0; c < classes; c++)
            confusion[c] = new long[classes];
        double lossSum = 0;
        var images = 0;
        foreach (var batch in loader.Epoch(0, cancellation))
        {
            var logits = session.RunFloats(
                batch.Images.AsMemory(0, batch.Count * batch.SampleLength),
                batch.Shape,
                where
            );
            for (var i = 0; i < batch.Count; i++)
            {
                var row = logits.AsSpan(i * classes, classes);
                var label = (int)batch.Labels[i];
                confusion[label][Core.Numerics.Logits.ArgMax(row)]++;
                lossSum += Core.Numerics.Logits.CrossEntropy(row, label);
            }
            images += batch.Count;
            progress?.Invoke(batch.Count);
        }
        long correct = Enumerable.Range(0, classes).Sum(c => confusion[c][c]);
        return new EvaluationResult
        {
            Split = split,
            Images = images,
            Loss = images == 0 ? double.NaN : lossSum / images,
            Accuracy = images == 0 ? 0 : (double)correct / images,
            PerClass = Enumerable
                .Range(0, classes)
                .Select(c =>
                {
                    var total = confusion[c].Sum();
                    return new ClassAccuracy(
                        c,
                        classNames[c],
                        (int)total,
                        total == 0 ? 0 : (double)confusion[c][c] / total
                    );
                })
                .ToList(),
            ConfusionMatrix = confusion,
        };
    }
}
