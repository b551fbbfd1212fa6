using Mlops.Data.Images;
using Mlops.Torch;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Reports;

/// <summary>A test image the model got wrong, as a PNG, with the truth, the prediction and its confidence.</summary>
public sealed record Misclassified(byte[] Png, string TrueLabel, string Predicted, double Confidence);

/// <summary>
/// Runs a run's best checkpoint over its test split (the same images evaluation.json counted) and keeps the
/// most confident mistakes: the ones worth looking at. This is the only part of the report that needs libtorch.
/// </summary>
public static class MisclassifiedImages
{
    public static IReadOnlyList<Misclassified> Find(RunFolder run, int max, CancellationToken cancellation = default)
    {
        if (!File.Exists(run.BestCheckpointPath))
            return [];
        var config = TrainConfig.Load(run.ConfigPath);
        var data = TrainingData.Load(config.Value, config.Provenance);
        var (model, _) = Checkpoints.LoadModel(run.BestCheckpointPath);
        using var disposeModel = model;
        model.eval();
        var dataset = data.Test.Dataset;
        var found = new List<(int Index, int Label, int Predicted, double Confidence)>();
        using (torch.no_grad())
        {
            foreach (var batch in data.TestLoader.Epoch(0, cancellation))
            {
                using var scope = torch.NewDisposeScope();
                var probabilities = torch.nn.functional.softmax(
                    model.forward(TensorCopies.FromSpan(batch.ImageData, batch.Shape)),
                    1
                );
                var values = new float[batch.Count * dataset.ClassNames.Count];
                probabilities.CopyTo<float>(values);
                for (int i = 0; i < batch.Count; i++)
                {
                    var row = values.AsSpan(i * dataset.ClassNames.Count, dataset.ClassNames.Count);
                    int predicted = 0;
                    for (int c = 1; c < row.Length; c++)
                        if (row[c] > row[predicted])
                            predicted = c;
                    int label = (int)batch.LabelData[i];
                    if (predicted != label)
                        found.Add((batch.Indices[i], label, predicted, row[predicted]));
                }
            }
        }
        int length = dataset.Channels * dataset.Height * dataset.Width;
        return found
            .OrderByDescending(miss => miss.Confidence)
            .Take(max)
            .Select(miss => new Misclassified(
                PngEncoder.Encode(
                    new Image(
                        dataset.Width,
                        dataset.Height,
                        dataset.Channels,
                        dataset.Pixels.AsSpan(miss.Index * length, length).ToArray()
                    )
                ),
                dataset.ClassNames[miss.Label],
                dataset.ClassNames[miss.Predicted],
                miss.Confidence
            ))
            .ToList();
    }
}
