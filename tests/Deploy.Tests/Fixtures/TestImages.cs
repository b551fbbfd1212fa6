using System.Text;
using Mlops.Deploy.Image;

namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>Image inputs for tests that do not need a runnable server: a small stand-in publish directory.</summary>
public static class TestImages
{
    /// <summary>
    /// A publish-shaped directory: an executable, a managed dll, native helpers (ONNX Runtime with an ELF header, as
    /// the runtime layer checks), and files the image leaves out (a debugger library, ORT's provider bridge).
    /// </summary>
    public static string FakePublish(TempDirectory directory)
    {
        var publish = directory.Combine("publish");
        Directory.CreateDirectory(Path.Combine(publish, "wwwroot"));
        File.WriteAllBytes(Path.Combine(publish, RuntimeLayer.ServerExecutable), Bytes(4096, seed: 1));
        File.WriteAllBytes(Path.Combine(publish, "mlops-serve.dll"), Bytes(20000, seed: 2));
        File.WriteAllBytes(Path.Combine(publish, "libSystem.Native.so"), Bytes(3000, seed: 3));
        File.WriteAllBytes(Path.Combine(publish, "libmscordbi.so"), Bytes(100, seed: 4));
        File.WriteAllBytes(Path.Combine(publish, "libonnxruntime_providers_shared.so"), Bytes(100, seed: 6));
        var onnxRuntime = Bytes(5000, seed: 5);
        "\u007fELF"u8.CopyTo(onnxRuntime);
        File.WriteAllBytes(Path.Combine(publish, RuntimeLayer.OnnxRuntimeFile), onnxRuntime);
        File.WriteAllText(Path.Combine(publish, "wwwroot", "index.html"), "<p>hi</p>");
        return publish;
    }

    /// <summary>A real (tiny) ONNX file, for what reads the model without running it: one Identity node.</summary>
    public static string IdentityOnnx(string path)
    {
        var graph = new global::Onnx.GraphProto
        {
            Name = "g",
            Node =
            {
                new global::Onnx.NodeProto
                {
                    OpType = "Identity",
                    Input = { "x" },
                    Output = { "y" },
                },
            },
        };
        graph.Input.Add(new global::Onnx.ValueInfoProto { Name = "x" });
        graph.Output.Add(new global::Onnx.ValueInfoProto { Name = "y" });
        global::Mlops.Onnx.Model.OnnxModelFile.Write(
            path,
            new global::Onnx.ModelProto
            {
                IrVersion = 8,
                Graph = graph,
                OpsetImport = { new global::Onnx.OperatorSetIdProto { Version = 17 } },
            }
        );
        return path;
    }

    /// <summary>Model bytes that stand for an ONNX file (the image never parses the model).</summary>
    public static string Model(TempDirectory directory, int seed, int size = 50_000)
    {
        var path = directory.Combine($"model-{seed}.onnx");
        File.WriteAllBytes(path, Bytes(size, seed));
        return path;
    }

    public static byte[] Card(string version) =>
        Encoding.UTF8.GetBytes($"{{\"name\":\"fashion\",\"version\":\"{version}\"}}");

    public static ImageRequest Request(string publish, string model, string version = "3") =>
        new(publish, model, Card(version), new ImageMetadata("fashion", version, "run-42", "abc123"));

    public static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
