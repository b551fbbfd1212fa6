using Mlops.Core.Artifacts;
using Mlops.Data.Loading;
using Mlops.Onnx;
using Mlops.Onnx.Evaluation;
using Mlops.Torch;
using TorchSharp;
using static TorchSharp.torch;
using InferenceSession = Microsoft.ML.OnnxRuntime.InferenceSession;

namespace Mlops.Export.Parity;

/// <summary>Runs the libtorch module and the ONNX file through ORT on the same images and compares their
/// logits.</summary>
public static class ParityProof
{
    public const double DefaultMaxAbsDiff = 1e-4;

    public static ParityResult Run(
        nn.Module<Tensor, Tensor> model,
        InferenceSession session,
        DataLoader loader,
        string data,
        string where,
        double maxAbsDiff = DefaultMaxAbsDiff
    )
    {
        var wasTraining = model.training;
        model.eval();
        double worst = 0;
        int images = 0,
            mismatches = 0;
        try
        {
            using var noGrad = torch.no_grad();
            foreach (var batch in loader.Epoch(0))
            {
                using var scope = torch.NewDisposeScope();
                var reference = model.forward(TensorCopies.FromSpan(batch.ImageData, batch.Shape)).ToArray<float>();
                var onnx = session.RunFloats(
                    batch.Images.AsMemory(0, batch.Count * batch.SampleLength),
                    batch.Shape,
                    where
                );
                var classes = reference.Length / batch.Count;
                for (var i = 0; i < batch.Count; i++)
                {
                    var a = reference.AsSpan(i * classes, classes);
                    var b = onnx.AsSpan(i * classes, classes);
                    for (var j = 0; j < classes; j++)
                    {
                        var diff = Math.Abs((double)a[j] - b[j]);
                        // NaN must fail the proof, not slip through a comparison.
                        worst = double.IsNaN(diff) ? double.PositiveInfinity : Math.Max(worst, diff);
                    }
                    if (Core.Numerics.Logits.ArgMax(a) != Core.Numerics.Logits.ArgMax(b))
                        mismatches++;
                }
                images += batch.Count;
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return new ParityResult
        {
            Images = images,
            MaxAbsDiff = worst,
            Top1Mismatches = mismatches,
            MaxAbsDiffLimit = maxAbsDiff,
            Data = data,
        };
    }
}
