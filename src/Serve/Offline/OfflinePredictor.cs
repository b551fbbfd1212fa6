using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Images;
using Mlops.Serve.Api;
using Mlops.Serve.Drift;
using Mlops.Serve.Models;

namespace Mlops.Serve.Offline;

/// <summary>
/// Batch prediction without a server: images in, one JSONL record each (input, top label, confidence and the
/// same input statistics the server logs). The output doubles as a drift reference for `mlops drift`.
/// </summary>
public sealed class OfflinePredictor(ModelVersion model, int batchSize)
{
    /// <summary>Predicts every input in order; <paramref name="progress"/> gets the count done.</summary>
    public List<DriftRecord> Run(
        IReadOnlyList<PredictionInput> inputs,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        if (batchSize < 1)
            throw new MlopsException($"the batch size must be at least 1, got {batchSize}", "--batch-size");
        var s = model.Signature;
        var preprocessor = s.Preprocessor(long.MaxValue);
        var buffer = new float[batchSize * s.ItemLength];
        var records = new List<DriftRecord>(inputs.Count);
        for (var start = 0; start < inputs.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(batchSize, inputs.Count - start);
            var features = new ImageFeatures[rows];
            try
            {
                Parallel.For(0, rows, i =>
                {
                    var input = inputs[start + i];
                    var slot = buffer.AsSpan(i * s.ItemLength, s.ItemLength);
                    try
                    {
                        preprocessor.Write(input.Load(), slot);
                    }
                    catch (MlopsException error)
                    {
                        throw new MlopsException(error.Message, error.Where ?? input.Name);
                    }

                    features[i] = ImageFeatures.FromTensor(slot, s.Channels, s.Height, s.Width, s.Mean, s.Std);
                });
            }
            catch (AggregateException error) when (error.InnerException is MlopsException first)
            {
                throw first; // one bad image: report it as itself, not wrapped
            }

            var output = model.RunDirect(buffer.AsMemory(0, rows * s.ItemLength), rows);
            for (var i = 0; i < rows; i++)
            {
                var row = output.AsSpan(i * s.Classes, s.Classes);
                var probabilities = s.OutputIsProbabilities ? row.ToArray() : Core.Numerics.Logits.Softmax(row);
                var best = Probabilities.TopK(probabilities, s.Labels, 1)[0];
                records.Add(
                    features[i]
                        .ToDriftRecord(
                            model.Model,
                            model.Version,
                            best.Index,
                            best.Label,
                            best.Probability,
                            inputs[start + i].Name
                        )
                );
            }

            progress?.Report(start + rows);
        }

        return records;
    }
}
