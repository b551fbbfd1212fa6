using System.Text.Json;
using Mlops.Deploy.Push;
using Mlops.Deploy.Release;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Cli.Tests.Deploy;

/// <summary>`mlops deploy build` as the user runs it: one image written and pushed, or a refusal that writes nothing.</summary>
public sealed class DeployBuildCommandTests : IDisposable
{
    private readonly TempDirectory _work = new("mlops-deploy-build");

    [Fact]
    public async Task A_model_file_becomes_an_archive_and_a_pushed_image_with_the_same_digest()
    {
        using var registry = new LocalRegistry();
        var archive = _work.Combine("out", "tiny.oci.tar");

        var build = Mlops([
            "deploy",
            "build",
            "--model-file",
            TinyOnnx(),
            "--model-name",
            "tiny",
            "--model-version",
            "dev",
            "--out",
            archive,
            "--push",
            $"{registry.Host}/mlops/tiny:dev",
            "--json",
        ]);

        build.ExitCode.Should().Be(0, build.Error);
        using var json = JsonDocument.Parse(build.Output);
        var manifest = json.RootElement.GetProperty("manifest").GetString()!;
        json.RootElement.GetProperty("archive").GetString().Should().Be(archive);
        json.RootElement.GetProperty("pushed")
            .GetProperty("image")
            .GetString()
            .Should()
            .Be($"{registry.Host}/mlops/tiny@{manifest}");
        File.Exists(archive).Should().BeTrue();
        (
            await new RegistryClient(
                ImageReference.Parse($"{registry.Host}/mlops/tiny"),
                new AnonymousCredentials()
            ).ManifestExistsAsync(manifest, default)
        )
            .Should()
            .BeTrue();
    }

    [Fact]
    public async Task A_registry_versions_pushed_image_is_recorded_on_the_version()
    {
        using var registry = new LocalRegistry();
        var store = $"file://{_work.Combine("bucket")}";
        Directory.CreateDirectory(_work.Combine("bucket"));
        using (var models = new ModelRegistry(BlobStoreFactory.Open(store)))
            await models.PushAsync(
                new PushRequest { Model = "tiny", Files = [new PushFile(TinyOnnx(), "model.onnx")] }
            );

        var build = Mlops([
            "deploy",
            "build",
            "--model",
            "tiny:1",
            "--registry",
            store,
            "--push",
            $"{registry.Host}/mlops/tiny:1",
            "--json",
        ]);

        build.ExitCode.Should().Be(0, build.Error);
        using var json = JsonDocument.Parse(build.Output);
        var pushed = json.RootElement.GetProperty("pushed").GetProperty("image").GetString();
        using var reread = new ModelRegistry(BlobStoreFactory.Open(store));
        (await VersionImages.FindAsync(reread, "tiny", 1, default)).Should().Be(pushed).And.Contain("@sha256:");
    }

    [Fact]
    public void A_file_that_is_not_onnx_or_a_layout_that_is_a_file_is_refused_with_exit_2_and_nothing_written()
    {
        var png = _work.Combine("photo.png");
        File.WriteAllBytes(png, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4]);
        var layoutFile = _work.Combine("layout-is-a-file");
        File.WriteAllText(layoutFile, "");
        var archive = _work.Combine("never.oci.tar");

        var notOnnx = Mlops(["deploy", "build", "--model-file", png, "--out", archive]);
        var badLayout = Mlops([
            "deploy",
            "build",
            "--model-file",
            TinyOnnx(),
            "--out",
            archive,
            "--layout",
            layoutFile,
        ]);

        notOnnx.ExitCode.Should().Be(2, notOnnx.Output);
        notOnnx.Error.Should().Contain("photo.png").And.Contain("not an ONNX model").And.NotContain("   at ");
        badLayout.ExitCode.Should().Be(2, badLayout.Output);
        badLayout.Error.Should().Contain("layout-is-a-file").And.NotContain("   at ");
        File.Exists(archive).Should().BeFalse();
    }

    [Fact]
    public async Task The_training_image_is_pushed_by_digest_with_its_kind_and_no_data_when_told_none()
    {
        using var registry = new LocalRegistry();

        var build = Mlops([
            "deploy",
            "build",
            "--training",
            "--cli-publish",
            CliPublish.Directory,
            "--data",
            "none",
            "--push",
            $"{registry.Host}/mlops/train",
            "--json",
        ]);

        build.ExitCode.Should().Be(0, build.Error);
        using var json = JsonDocument.Parse(build.Output);
        var manifest = json.RootElement.GetProperty("manifest").GetString()!;
        json.RootElement.GetProperty("layers").GetArrayLength().Should().Be(2, "base and runtime, no data layer");
        json.RootElement.GetProperty("pushed")
            .GetProperty("image")
            .GetString()
            .Should()
            .Be($"{registry.Host}/mlops/train@{manifest}");
        var client = new RegistryClient(
            ImageReference.Parse($"{registry.Host}/mlops/train"),
            new AnonymousCredentials()
        );
        (await client.ManifestExistsAsync(manifest, default)).Should().BeTrue();
    }

    [Fact]
    public void A_training_image_with_a_model_or_missing_data_is_refused_before_anything_is_built()
    {
        var archive = _work.Combine("train.oci.tar");

        var withModel = Mlops(["deploy", "build", "--training", "--model", "fashion@staging", "--out", archive]);
        var noData = Mlops(["deploy", "build", "--training", "--data", _work.Combine("nowhere"), "--out", archive]);

        withModel.ExitCode.Should().Be(2, withModel.Output);
        withModel.Error.Should().StartWith("error: --training: ").And.NotContain("   at ");
        noData.ExitCode.Should().Be(2, noData.Output);
        noData.Error.Should().StartWith("error: --data: ").And.Contain("nowhere").And.NotContain("   at ");
        File.Exists(archive).Should().BeFalse();
    }

    private string TinyOnnx() => TestImages.IdentityOnnx(_work.Combine("tiny.onnx"));

    private ProcessRunner.Result Mlops(string[] args) =>
        ProcessRunner.Run(
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "mlops.dll"),
                .. args,
                "--serve-publish",
                ServePublish.Directory,
                .. args.Contains("--layout") ? Array.Empty<string>() : ["--layout", _work.Combine("layout")],
            ],
            timeout: TimeSpan.FromMinutes(3)
        );

    public void Dispose() => _work.Dispose();
}
