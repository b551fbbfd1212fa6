using Mlops.Core.Artifacts;
using Mlops.Data.Images;
using Mlops.Data.Loading;
using Mlops.Data.Normalization;
using Mlops.Torch;
using Mlops.Train.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Training;

/// <summary>
/// What "normal" traffic looks like for a trained model: for every image of the final evaluation, the input
/// statistics the server logs per request (<see cref="ImageFeatures"/> of the model's input, back on the 0..1
/// scale) and the model's prediction and confidence. The trainer writes them to
/// runs/&lt;name&gt;/drift-reference.jsonl,
/// so `mlops drift --reference runs/&lt;name&gt;` compares served traffic with the run that made the model.
/// </summary>
public sealed class DriftReferenceWriter(
    nn.Module<Tensor, Tensor> model,
    IReadOnlyList<string> classNames,
    ChannelStats normalization,
    ComputeMode? compute = null
)
{
    private readonly ComputeMode _compute = compute ?? ComputeMode.Default;

    /// <summary>The trainer's call: the records of its final evaluation into the run folder. Returns the file's
    /// path.</summary>
    public static string Write(RunFolder run, IEnumerable<DriftRecord> records)
    {
        var path = run.File(ArtifactNames.DriftReference);
        DriftRecordJson.WriteFile(path, records);
        return path;
    }

    /// <summary>Records for images pre-processed as the model sees them: NCHW, normalised with the training
    /// statistics.</summary>
    public List<DriftRecord> Describe(
        ReadOnlySpan<float> images,
        long[] shape,
        Func<int, string> inputName,
        string source
    ) => Records(images, shape, Logits(images, shape), inputName, source, classNames, normalization);

    /// <summary>Records for a batch an evaluation already ran (its fp32 <paramref name="logits"/>), named
    /// "&lt;split&gt;[&lt;data set index&gt;]".</summary>
    public static List<DriftRecord> Describe(
        Batch batch,
        float[] logits,
        IReadOnlyList<string> classNames,
        ChannelStats normalization,
        string split,
        string source
    )
    {
        var indices = batch.Indices;
        return Records(
            batch.ImageData,
            batch.Shape,
            logits,
            i => $"{split}[{indices[i]}]",
            source,
            classNames,
            normalization
        );
    }

    private static List<DriftRecord> Records(
        ReadOnlySpan<float> images,
        long[] shape,
        float[] logits,
        Func<int, string> inputName,
        string source,
        IReadOnlyList<string> classNames,
        ChannelStats normalization
    )
    {
        int count = (int)shape[0],
            channels = (int)shape[1],
            height = (int)shape[2],
            width = (int)shape[3];
        int classes = logits.Length / count;
        var time = DateTimeOffset.UtcNow;
        var records = new List<DriftRecord>(count);
        var sample = channels * height * width;
        for (var i = 0; i < count; i++)
        {
            var (prediction, confidence) = TopClass(logits.AsSpan(i * classes, classes));
            var features = ImageFeatures.FromTensor(
                images.Slice(i * sample, sample),
                channels,
                height,
                width,
                normalization.Mean,
                normalization.Std
            );
            records.Add(
                features.ToDriftRecord(
                    source,
                    "training reference",
                    prediction,
                    classNames[prediction],
                    confidence,
                    inputName(i),
                    time
                )
            );
        }

        return records;
    }

    /// <summary>The forward pass exactly as the evaluator runs it (eval mode, no gradients, the training layout and
    /// precision), logits in fp32.</summary>
    private float[] Logits(ReadOnlySpan<float> images, long[] shape)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            var input = _compute.Layout(TensorCopies.FromSpan(images, shape));
            Tensor logits;
            using (_compute.Autocast())
                logits = model.forward(input);
            return _compute.Float(logits).ToArray<float>();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The first largest logit (argmax's choice) and its softmax probability, as the server computes
    /// them.</summary>
    private static (int Index, double Probability) TopClass(ReadOnlySpan<float> logits)
    {
        var best = Core.Numerics.Logits.ArgMax(logits);
        return (best, Core.Numerics.Logits.Softmax(logits)[best]);
    }
}
