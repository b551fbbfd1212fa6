using Mlops.Core.Errors;
using Mlops.Deploy.Build;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Deploy.Tests.Build;

/// <summary>
/// The image bakes in the file the server would serve: the int8 model only when the version's quantize.json says its
/// accuracy gate passed, else the fp32 model.onnx — never "model.int8.onnx because the name sorts first".
/// </summary>
public sealed class ImageModelSourceTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-image-model");
    private string Bucket => "file://" + Path.Combine(_folder.Path, "bucket");

    public void Dispose() => _folder.Dispose();

    private async Task<string> PushAsync(params (string Name, string Content)[] files)
    {
        var pushFiles = new List<PushFile>();
        foreach (var (name, content) in files)
        {
            var source = Path.Combine(_folder.Path, "src-" + name);
            await File.WriteAllTextAsync(source, content);
            pushFiles.Add(new PushFile(source, name));
        }
        using var registry = new ModelRegistry(BlobStoreFactory.Open(Bucket));
        var card = await registry.PushAsync(new PushRequest { Model = "fashion", Files = pushFiles });
        return $"fashion:{card.Version}";
    }

    private async Task<string> ChosenAsync(string reference)
    {
        var work = Path.Combine(_folder.Path, "work-" + reference.Replace(':', '-'));
        var resolved = await ImageModelSource.FromRegistryAsync(reference, Bucket, null, null, work, default);
        return Path.GetFileName(resolved.ModelFile);
    }

    [Fact]
    public async Task The_int8_file_is_baked_in_only_when_its_gate_passed()
    {
        var gated = await PushAsync(
            ("model.onnx", "fp32"),
            ("model.int8.onnx", "int8"),
            ("quantize.json", """{"passed": true, "int8_model": "runs/x/model.int8.onnx"}""")
        );
        var refused = await PushAsync(
            ("model.onnx", "fp32"),
            ("model.int8.onnx", "int8"),
            ("quantize.json", """{"passed": false, "int8_model": "runs/x/model.int8.onnx"}""")
        );
        var unreported = await PushAsync(("model.onnx", "fp32"), ("model.int8.onnx", "int8"));

        (await ChosenAsync(gated)).Should().Be("model.int8.onnx");
        (await ChosenAsync(refused)).Should().Be("model.onnx");
        (await ChosenAsync(unreported)).Should().Be("model.onnx");
    }

    [Fact]
    public async Task A_version_without_any_onnx_file_is_refused_by_name()
    {
        var reference = await PushAsync(("notes.txt", "no model here"));

        var act = () => ChosenAsync(reference);

        (await act.Should().ThrowAsync<MlopsException>()).Which.Message.Should().Contain("holds no .onnx file");
    }

    [Fact]
    public async Task The_card_baked_beside_the_model_makes_the_image_server_report_the_registry_version()
    {
        var reference = await PushAsync(
            ("model.onnx", "fp32"),
            ("model.int8.onnx", "int8"),
            ("quantize.json", """{"passed": true, "int8_model": "model.int8.onnx"}""")
        );
        var work = Path.Combine(_folder.Path, "work");
        var resolved = await ImageModelSource.FromRegistryAsync(reference, Bucket, null, null, work, default);

        var baked = BakeAsImageLayer(resolved);

        (await new Serve.Models.FileModelSource(baked).CurrentVersionAsync(default))
            .Should()
            .Be(reference.Split(':')[1]);
    }

    [Fact]
    public async Task A_file_deploy_card_names_the_version_given_on_the_command_line()
    {
        var model = SmallOnnxFile("mine.onnx");
        var resolved = ImageModelSource.FromFile(model, "fashion", "v2026.11", null);

        var baked = BakeAsImageLayer(resolved);

        (await new Serve.Models.FileModelSource(baked).CurrentVersionAsync(default)).Should().Be("v2026.11");
    }

    [Fact]
    public void A_file_that_is_not_onnx_or_a_name_the_server_refuses_never_becomes_an_image()
    {
        var png = Path.Combine(_folder.Path, "photo.png");
        File.WriteAllBytes(png, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4]);
        var model = SmallOnnxFile("mine.onnx");
        var half = Path.Combine(_folder.Path, "half.onnx");
        File.WriteAllBytes(half, File.ReadAllBytes(model)[..(int)(new FileInfo(model).Length / 2)]);

        FluentActions
            .Invoking(() => ImageModelSource.FromFile(png, null, "dev", null))
            .Should()
            .Throw<MlopsException>()
            .Which.Message.Should()
            .StartWith("not an ONNX model");
        FluentActions
            .Invoking(() => ImageModelSource.FromFile(half, null, "dev", null))
            .Should()
            .Throw<MlopsException>()
            .Which.Where.Should()
            .Be(half);
        FluentActions
            .Invoking(() => ImageModelSource.FromFile(model, "a/b", "dev", null))
            .Should()
            .Throw<MlopsException>()
            .Which.Where.Should()
            .Be("--model-name");
    }

    private string SmallOnnxFile(string name) => TestImages.IdentityOnnx(Path.Combine(_folder.Path, name));

    /// <summary>What the image's model layer holds: /model/model.onnx and /model/card.json (ModelLayer's names).</summary>
    private string BakeAsImageLayer(ImageModelSource.Resolved resolved)
    {
        var layer = Directory
            .CreateDirectory(Path.Combine(_folder.Path, "layer-" + Guid.NewGuid().ToString("N")))
            .FullName;
        var served = Path.Combine(layer, Path.GetFileName(Mlops.Deploy.Image.ModelLayer.ModelPath));
        File.Copy(resolved.ModelFile, served);
        File.WriteAllBytes(
            Path.Combine(layer, Path.GetFileName(Mlops.Deploy.Image.ModelLayer.CardPath)),
            resolved.CardJson
        );
        return served;
    }
}
