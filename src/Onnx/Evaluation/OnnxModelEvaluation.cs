using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Datasets;
using Mlops.Data.Sampling;
using Mlops.Onnx;
using Mlops.Onnx.Model;

namespace Mlops.Onnx.Evaluation;

/// <summary>`mlops eval --model x.onnx`: any exported (fp32 or int8) file on a split, prepared as its metadata
/// says.</summary>
public static class OnnxModelEvaluation
{
    /// <param name="dataGivenAt">Where <paramref name="spec"/> was given (an option): an image folder that does not
    /// exist is reported there.</param>
    public static EvaluationResult Run(
        string modelPath,
        DatasetSpec spec,
        int batchSize = 500,
        int? subset = null,
        string? fashionMnistRoot = null,
        string? dataGivenAt = null
    )
    {
        // Parse first: a file that is not ONNX gets a clear message instead of ORT's protobuf error.
        var model = OnnxModelFile.Read(modelPath);
        var preprocessing = Preprocessing.FromMetadata(
            model.MetadataProps.ToDictionary(p => p.Key, p => p.Value),
            modelPath
        );
        using var session = OnnxSessions.Open(modelPath);
        if (session.InputNames.Count != 1 || session.OutputNames.Count != 1)
            throw new MlopsException(
                $"expected one image input and one logits output, the model has {session.InputNames.Count} inputs "
                    + $"and {session.OutputNames.Count} outputs",
                modelPath
            );
        var loader = EvaluationData.Open(
            spec,
            preprocessing,
            batchSize,
            subset,
            fashionMnistRoot,
            seed: SubsetSampler.EvaluationSeed,
            dataGivenAt: dataGivenAt
        );
        return OnnxEvaluation.Evaluate(session, loader, preprocessing.Labels, spec.ToString(), modelPath);
    }
}
