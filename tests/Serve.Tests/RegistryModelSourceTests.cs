using Mlops.Core.Errors;
using Mlops.Registry.Models;
using Mlops.Registry.Stores.Local;
using Mlops.Serve.Models;

namespace Mlops.Serve.Tests;

/// <summary>Which .onnx file of a registry version the server loads: the int8 one only when its gate passed.</summary>
public sealed class RegistryModelSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-serve-choice-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_int8_file_is_served_when_quantize_json_says_its_gate_passed()
    {
        var served = await Serve(
            ("model.onnx", Fp32()),
            ("model.int8.onnx", Int8()),
            ("quantize.json", Report(passed: true))
        );

        File.ReadAllBytes(served).Should().Equal(File.ReadAllBytes(Int8()));
        Path.GetFileName(served).Should().Be("model.int8.onnx");
    }

    [Fact]
    public async Task A_stale_int8_file_whose_latest_gate_failed_is_not_served()
    {
        var served = await Serve(
            ("model.onnx", Fp32()),
            ("model.int8.onnx", Int8()),
            ("quantize.json", Report(passed: false))
        );

        File.ReadAllBytes(served).Should().Equal(File.ReadAllBytes(Fp32()));
    }

    [Fact]
    public async Task A_passed_int8_file_that_was_not_faster_is_not_served()
    {
        var report = Path.Combine(_folder, "slower.json");
        File.WriteAllText(
            report,
            """{ "int8_model": "/somewhere/model.int8.onnx", "passed": true, "serve_int8": false }"""
        );

        var served = await Serve(("model.onnx", Fp32()), ("model.int8.onnx", Int8()), ("quantize.json", report));

        Path.GetFileName(served).Should().Be("model.onnx");
    }

    [Fact]
    public async Task Without_a_quantize_report_the_fp32_model_is_served_although_int8_sorts_first()
    {
        var served = await Serve(("model.int8.onnx", Int8()), ("model.onnx", Fp32()));

        Path.GetFileName(served).Should().Be("model.onnx");
    }

    [Fact]
    public async Task A_version_with_one_onnx_file_serves_it_whatever_its_name()
    {
        var served = await Serve(("model.int8.onnx", Int8()));

        Path.GetFileName(served).Should().Be("model.int8.onnx");
    }

    [Fact]
    public async Task Two_unnamed_models_without_a_report_are_refused_not_guessed()
    {
        var act = () => Serve(("a.onnx", Fp32()), ("b.onnx", Int8()));

        (await act.Should().ThrowAsync<MlopsException>()).WithMessage(
            "cannot tell which model file to serve among a.onnx, b.onnx*"
        );
    }

    private string Fp32() =>
        Path.Combine(_folder, "fp32.onnx") is var path && File.Exists(path)
            ? path
            : TestModels.Write(_folder, "fp32", shift: 0);

    private string Int8() =>
        Path.Combine(_folder, "int8.onnx") is var path && File.Exists(path)
            ? path
            : TestModels.Write(_folder, "int8", shift: 3);

    private string Report(bool passed)
    {
        var path = Path.Combine(_folder, passed ? "passed.json" : "failed.json");
        File.WriteAllText(
            path,
            $$"""{ "fp32_model": "/somewhere/model.onnx", "int8_model": "/somewhere/model.int8.onnx", "passed": {{(passed ? "true" : "false")}} }"""
        );
        return path;
    }

    private async Task<string> Serve(params (string Name, string Source)[] files)
    {
        var store = new LocalBlobStore(Path.Combine(_folder, "bucket"));
        var card = await new ModelPusher(store, new VersionCatalog(store), "test").PushAsync(
            new PushRequest { Model = "fashion", Files = files.Select(f => new PushFile(f.Source, f.Name)).ToList() }
        );
        var source = new RegistryModelSource(
            store,
            ModelRef.Parse($"fashion:{card.Version}"),
            Path.Combine(_folder, "cache")
        );
        return (await source.FetchAsync(CancellationToken.None)).OnnxPath;
    }
}
