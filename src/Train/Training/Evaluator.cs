using Mlops.Core.Artifacts;
using Mlops.Data.Loading;
using Mlops.Torch;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Mlops.Train.Training;

/// <summary>
/// Runs a model over a loader in eval mode without gradients and tallies loss, accuracy and confusions, in the
/// layout and precision the model was trained with (a <see cref="ComputeMode"/>, default NCHW fp32).
/// </summary>
public static class Evaluator
{
    /// <param name="onBatch">Sees each batch with its fp32 logits (row-major [count, classes]) while the batch is
    /// current,
    /// so other per-image records (the drift reference) come from this same pass.</param>
    public static EvaluationResult Evaluate(
        Module<Tensor, Tensor> model,
        DataLoader loader,
        IReadOnlyList<string> classNames,
        string split,
        CancellationToken cancellation = default,
        ComputeMode? compute = null,
        Action<Batch, float[]>? onBatch = null
    )
    {
        compute ??= ComputeMode.Default;
        bool wasTraining = model.training;
        model.eval();
        int classes = classNames.Count;
        var confusion = new long[classes][];
        for (int c = 0; c < classes; c++)
            confusion[c] = new long[classes];
        double lossSum = 0;
        int images = 0;
        var predictions = new long[loader.Options.BatchSize];
        try
        {
            using var noGrad = torch.no_grad();
            foreach (var batch in loader.Epoch(0, cancellation))
            {
                using var scope = torch.NewDisposeScope();
                var input = compute.Layout(TensorCopies.FromSpan(batch.ImageData, batch.Shape));
                var labels = TensorCopies.FromSpan(batch.LabelData, [batch.Count]);
                Tensor logits;
                using (compute.Autocast())
                    logits = model.forward(input);
                logits = compute.Float(logits);
                onBatch?.Invoke(batch, logits.ToArray<float>());
                lossSum += functional.cross_entropy(logits, labels, reduction: Reduction.Sum).item<float>();
                logits.argmax(1).CopyTo<long>(predictions.AsSpan(0, batch.Count));
                for (int i = 0; i < batch.Count; i++)
                    confusion[batch.LabelData[i]][predictions[i]]++;
                images += batch.Count;
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        long correct = Enumerable.Range(0, classes).Sum(c => confusion[c][c]);
        var perClass = Enumerable
            .Range(0, classes)
            .Select(c =>
            {
                long total = confusion[c].Sum();
                return new ClassAccuracy(
                    c,
                    classNames[c],
                    (int)total,
                    total == 0 ? 0 : (double)confusion[c][c] / total
                );
            })
            .ToList();
        return new EvaluationResult
        {
            Split = split,
            Images = images,
            Loss = images == 0 ? double.NaN : lossSum / images,
            Accuracy = images == 0 ? 0 : (double)correct / images,
            PerClass = perClass,
            ConfusionMatrix = confusion,
        };
    }
}
