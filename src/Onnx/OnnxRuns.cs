using Microsoft.ML.OnnxRuntime;

namespace Mlops.Onnx;

/// <summary>
/// The one kind of call every stage makes: a float image batch in (ORT reads the caller's memory, no copy), float
/// outputs back, and ORT's refusals (wrong shape, unknown name) reported as <see cref="OnnxModelException"/> at
/// <c>where</c>. Thread-safe: ORT's Run is, and each call owns its values.
/// </summary>
public static class OnnxRuns
{
    /// <summary>Runs the model's first input and returns its first output (logits of a classifier).</summary>
    public static float[] RunFloats(this InferenceSession session, Memory<float> input, long[] shape, string where) =>
        session.RunFloats(session.InputNames[0], input, shape, [session.OutputNames[0]], where)[0];

    /// <summary>Runs one float input and returns the named float outputs, in the order asked.</summary>
    public static float[][] RunFloats(
        this InferenceSession session,
        string inputName,
        Memory<float> input,
        long[] shape,
        IReadOnlyList<string> outputNames,
        string where
    ) => OnnxSessions.Guard(where, () =>
        {
            using var runOptions = new RunOptions();
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, shape);
            using var outputs = session.Run(runOptions, [inputName], [value], outputNames);
            return outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
        });

    /// <summary>
    /// Runs one float input writing the named output straight into <paramref name="output"/> (its shape must be
    /// the one the model produces): the serving hot path, with no copy either way. A server passes the
    /// <paramref name="runOptions"/> it keeps per model; without them, the call makes its own.
    /// </summary>
    public static void RunInto(
        this InferenceSession session,
        string inputName,
        Memory<float> input,
        long[] inputShape,
        string outputName,
        Memory<float> output,
        long[] outputShape,
        string where,
        RunOptions? runOptions = null
    )
    {
        using var own = runOptions is null ? new RunOptions() : null;
        try
        {
            var cpu = OrtMemoryInfo.DefaultInstance;
            using var inputValue = OrtValue.CreateTensorValueFromMemory(cpu, input, inputShape);
            using var outputValue = OrtValue.CreateTensorValueFromMemory(cpu, output, outputShape);
            session.Run(runOptions ?? own!, [inputName], [inputValue], [outputName], [outputValue]);
        }
        catch (Exception error) when (OnnxSessions.IsOrtRefusal(error))
        {
            throw OnnxModelException.From(error, where);
        }
    }
}
