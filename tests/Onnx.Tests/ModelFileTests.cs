using System.Diagnostics;
using Mlops.Core.Errors;
using Mlops.Onnx.Model;
using Onnx;

namespace Mlops.Onnx.Tests;

public class ModelFileTests
{
    [Fact]
    public void A_model_written_to_disk_reads_back_identical_and_leaves_no_temp_file()
    {
        var (model, w, _) = TestModels.GemmRelu();
        var directory = Directory.CreateTempSubdirectory("mlops-onnx-").FullName;
        try
        {
            var path = Path.Combine(directory, "nested", "model.onnx");
            OnnxModelFile.Write(path, model);
            OnnxModelFile.Write(path, model); // overwrite in place

            var read = OnnxModelFile.Read(path);

            read.Should().Be(model);
            OnnxTensors.ReadFloats(read.Graph.Initializer.Single(t => t.Name == "W")).Should().Equal(w);
            Directory.GetFiles(Path.Combine(directory, "nested")).Should().Equal(path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Reading_a_file_that_is_not_onnx_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-not-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF, 0x01, 0x02]);
        try
        {
            var act = () => OnnxModelFile.Read(path);

            act.Should()
                .Throw<MlopsException>()
                .Where(e => e.Where == path && e.Message.StartsWith("not an ONNX model"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Initializer_dims_that_do_not_match_the_data_are_refused()
    {
        var act = () => OnnxTensors.Float("w", new float[5], 2, 3);

        act.Should().Throw<ArgumentException>().WithMessage("*need 6 values, got 5*");
    }

    [Fact]
    public void Models_built_with_our_types_pass_the_python_onnx_checker()
    {
        var directory = Directory.CreateTempSubdirectory("mlops-onnx-check-").FullName;
        try
        {
            var models = new Dictionary<string, ModelProto>
            {
                ["gemm_relu"] = TestModels.GemmRelu().Model,
                ["conv_bn_pool"] = TestModels.ConvBnPool().Model,
                ["add"] = TestModels.Add(),
                ["add_int64"] = TestModels.AddInt64(),
            };
            foreach (var (name, model) in models)
            {
                OnnxModelFile.Write(Path.Combine(directory, name + ".onnx"), model);
            }

            var script =
                "import onnx, sys\n"
                + "for p in sys.argv[1:]:\n"
                + "    onnx.checker.check_model(onnx.load(p), full_check=True)\n"
                + "    print('ok', p)\n";
            var start = new ProcessStartInfo("/usr/bin/python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            foreach (var name in models.Keys)
            {
                start.ArgumentList.Add(Path.Combine(directory, name + ".onnx"));
            }

            using var python = Process.Start(start)!;
            var stdout = python.StandardOutput.ReadToEnd();
            var stderr = python.StandardError.ReadToEnd();
            python.WaitForExit();

            python.ExitCode.Should().Be(0, stderr);
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(models.Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
