using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Errors;
using Mlops.Data.Loading;
using Mlops.Onnx;
using Onnx;

namespace Mlops.Export.Quantization;

/// <summary>
/// Runs the float model with every intermediate value exposed as an extra output over the calibration images and
/// records each value's range: one pass for min/max, a second for |x| histograms when the method needs them.
/// </summary>
public static class ActivationCalibrator
{
    public static IReadOnlyDictionary<string, (double Min, double Max)> Calibrate(
        ModelProto model,
        DataLoader loader,
        CalibrationMethod method,
        string where,
        Action<string>? log = null
    )
    {
        var probe = model.Clone();
        var existing = probe.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var inputName = probe.Graph.Input[0].Name;
        var values = new List<string> { inputName };
        foreach (var output in probe.Graph.Node.SelectMany(n => n.Output))
        {
            values.Add(output);
            if (existing.Add(output))
                probe.Graph.Output.Add(
                    new ValueInfoProto
                    {
                        Name = output,
                        Type = new TypeProto
                        {
                            TensorType = new TypeProto.Types.Tensor
                            {
                                ElemType = (int)TensorProto.Types.DataType.Float,
                            },
                        },
                    }
                );
        }
        var ranges = values.ToDictionary(v => v, _ => new TensorRange(), StringComparer.Ordinal);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };
        using var session = OnnxSessions.Open(probe.ToByteArray(), options, where);
        var expected = OnnxSignatures.Shape(session.InputMetadata[inputName]);
        var outputs = values.Skip(1).ToArray();

        void Pass(Action<TensorRange, ReadOnlySpan<float>> observe)
        {
            foreach (var batch in loader.Epoch(0))
            {
                RequireShape(batch.Shape, expected, where);
                var input = batch.Images.AsMemory(0, batch.Count * batch.SampleLength);
                observe(ranges[inputName], input.Span);
                var results = session.RunFloats(inputName, input, batch.Shape, outputs, where);
                for (var i = 0; i < outputs.Length; i++)
                    observe(ranges[outputs[i]], results[i]);
            }
        }

        Pass((range, data) => range.Observe(data));
        if (method != CalibrationMethod.MinMax)
        {
            log?.Invoke($"calibration: second pass for {method.ToString().ToLowerInvariant()} histograms");
            foreach (var range in ranges.Values)
                range.StartHistogram();
            Pass((range, data) => range.Accumulate(data));
        }
        return ranges.ToDictionary(r => r.Key, r => RangeEstimators.Estimate(r.Value, method), StringComparer.Ordinal);
    }

    /// <summary>Calibration images must have the [C, H, W] the model declares (its batch axis may be
    /// anything).</summary>
    private static void RequireShape(long[] actual, IReadOnlyList<long> expected, string where)
    {
        var matches =
            actual.Length == expected.Count
            && Enumerable.Range(1, actual.Length - 1).All(i => expected[i] < 0 || expected[i] == actual[i]);
        if (!matches)
            throw new MlopsException(
                $"calibration data has shape [{string.Join(", ", actual.Skip(1))}] per image but the model takes "
                    + $"[{string.Join(", ", expected.Skip(1))}]",
                where
            );
    }
}
