using System.Security.Cryptography;
using Mlops.Onnx.Model;
using Onnx;

namespace Mlops.Serve.Tests;

/// <summary>/v1/models says what is served: the version, the precision and the file's digest (issue 24, item 5:
/// the image's server said only "source": "/model/model.onnx" while serving the int8 file).</summary>
public sealed class ServedFileTests
{
    [Fact]
    public async Task Models_report_precision_and_the_sha256_of_the_file_they_serve()
    {
        await using var server = ServerFixture.Start(folder =>
        {
            var fp32 = TestModels.Write(folder, "plain");
            var tagged = TestModels.Classifier(0, TestModels.Labels);
            // What the quantizer writes on its int8 model (QuantizeJob): the precision comes from this tag.
            tagged.MetadataProps.Add(
                new StringStringEntryProto { Key = ModelMetadataKeys.Quantization, Value = "int8-qdq" }
            );
            var int8 = Path.Combine(folder, "model.int8.onnx");
            OnnxModelFile.Write(int8, tagged);
            return new ServeOptions
            {
                Models = [$"plain={fp32}", $"small={int8}"],
                ReloadPollSeconds = 0,
                CacheFolder = Path.Combine(folder, "cache"),
            };
        });
        await Eventually.Ok(server.Client, "/ready");

        var models = (await Http.ReadJson(await server.Client.GetAsync("/v1/models")))
            .GetProperty("models")
            .EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!);

        models["plain"].GetProperty("precision").GetString().Should().Be("fp32");
        models["small"].GetProperty("precision").GetString().Should().Be("int8");
        foreach (var (name, file) in new[] { ("plain", "plain.onnx"), ("small", "model.int8.onnx") })
        {
            var digest = Convert.ToHexStringLower(
                SHA256.HashData(File.ReadAllBytes(Path.Combine(server.Folder, file)))
            );
            models[name].GetProperty("sha256").GetString().Should().Be(digest, name);
        }
        (await server.Client.GetStringAsync("/page.js")).Should().Contain("m.precision").And.Contain("m.sha256");
    }
}
