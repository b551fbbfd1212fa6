using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Mlops.Onnx.Tests;

public class TorchCrossCheckTests(ITestOutputHelper output)
{
    [Fact]
    public void A_resnet18_exported_by_pytorch_gives_pytorchs_own_logits_through_onnx_runtime()
    {
        const int batch = 3;
        var directory = Directory.CreateTempSubdirectory("mlops-onnx-torch-").FullName;
        try
        {
            RunPython(Path.Combine(AppContext.BaseDirectory, "Reference", "torch_resnet18.py"), directory, batch);
            var input = MemoryMarshal
                .Cast<byte, float>(File.ReadAllBytes(Path.Combine(directory, "input.f32")))
                .ToArray();
            var expected = MemoryMarshal
                .Cast<byte, float>(File.ReadAllBytes(Path.Combine(directory, "logits.f32")))
                .ToArray();
            using var options = new SessionOptions { IntraOpNumThreads = 2 };
            using var session = OnnxSessions.Open(Path.Combine(directory, "model.onnx"), options);

            var actual = session.RunFloats(input, [batch, 3, 32, 32], "model.onnx");

            actual.Should().HaveCount(batch * 10);
            var maxDifference = actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max();
            output.WriteLine($"max |ORT - PyTorch| over {actual.Length} logits: {maxDifference:E2}");
            maxDifference.Should().BeLessThan(1e-4f);
            expected
                .Select(Math.Abs)
                .Max()
                .Should()
                .BeGreaterThan(0.01f, "the reference logits must not be trivially zero");
            for (var n = 0; n < batch; n++)
            {
                ArgMax(actual.AsSpan(n * 10, 10)).Should().Be(ArgMax(expected.AsSpan(n * 10, 10)));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static void RunPython(string script, string directory, int batch)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add($"{batch}");
        using var python = Process.Start(start)!;
        var stderrTask = python.StandardError.ReadToEndAsync();
        python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        python.ExitCode.Should().Be(0, stderrTask.Result);
    }
}
