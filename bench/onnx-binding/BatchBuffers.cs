using Microsoft.ML.OnnxRuntime;

namespace Mlops.Bench.OnnxBinding;

/// <summary>
/// One batch's caller-owned memory (input images, logits) and, for the reused-values diagnostic, a RunOptions and
/// OrtValues over that same memory. The input values match node-reference.js's.
/// </summary>
internal sealed class BatchBuffers : IDisposable
{
    public BatchBuffers(int batch)
    {
        InputShape = [batch, 3, 32, 32];
        LogitsShape = [batch, 10];
        Input = new float[batch * 3 * 32 * 32];
        for (var i = 0; i < Input.Length; i++) Input[i] = (float)Math.Sin((i + 1) * 0.37);
        Logits = new float[batch * 10];
        var cpu = OrtMemoryInfo.DefaultInstance;
        InputValues = [OrtValue.CreateTensorValueFromMemory(cpu, Input.AsMemory(), InputShape)];
        LogitsValues = [OrtValue.CreateTensorValueFromMemory(cpu, Logits.AsMemory(), LogitsShape)];
    }

    public long[] InputShape { get; }
    public long[] LogitsShape { get; }
    public float[] Input { get; }
    public float[] Logits { get; }
    public RunOptions RunOptions { get; } = new();
    public OrtValue[] InputValues { get; }
    public OrtValue[] LogitsValues { get; }

    public void Dispose()
    {
        RunOptions.Dispose();
        InputValues[0].Dispose();
        LogitsValues[0].Dispose();
    }
}
