using System.Text.Json;
using Mlops.Core.Errors;
using Mlops.Deploy.Image;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Image;

/// <summary>The training image from a stand-in CLI publish and a small data folder (the real one runs in
/// Container/TrainingImageTests).</summary>
public class TrainingImageBuilderTests
{
    private static string FakeCliPublish(TempDirectory directory)
    {
        var publish = directory.Combine("cli-publish");
        Directory.CreateDirectory(publish);
        void Write(string name, int seed, bool elf = false)
        {
            var bytes = TestImages.Bytes(3000, seed);
            if (elf)
                "\u007fELF"u8.CopyTo(bytes);
            File.WriteAllBytes(Path.Combine(publish, name), bytes);
        }
        Write("mlops", 1);
        Write("mlops.dll", 2);
        Write("libLibTorchSharp.so", 3, elf: true);
        Write("libtorch_cpu.so", 4, elf: true);
        Write("libgomp-98b21ff3.so.1", 5, elf: true);
        Write("libtorch_python.so", 6, elf: true);
        Write("libmscordbi.so", 7);
        Write("createdump", 8);
        return publish;
    }

    private static string FakeDataset(TempDirectory directory)
    {
        var data = directory.Combine("datasets", "fashion-mnist");
        Directory.CreateDirectory(data);
        File.WriteAllBytes(Path.Combine(data, "train-images-idx3-ubyte.gz"), TestImages.Bytes(500, seed: 9));
        return data;
    }

    private static TrainingImageInputs Inputs(TempDirectory directory, bool data = true)
    {
        var dataset = data ? FakeDataset(directory) : null;
        return new(FakeCliPublish(directory), new TrainingImageMetadata("t1", "abc123", Dataset: dataset), dataset);
    }

    [Fact]
    public void Base_data_then_runtime_with_the_same_digests_from_the_same_inputs()
    {
        using var inputs = new TempDirectory();
        var request = Inputs(inputs);
        var messages = new List<string>();

        var first = TrainingImageBuilder.Build(new BlobStore(inputs.Combine("layout-1")), request);
        var second = TrainingImageBuilder.Build(
            new BlobStore(inputs.Combine("layout-2")),
            request,
            new Collect(messages)
        );

        second.Manifest.Should().Be(first.Manifest);
        first
            .Layers.Select(l => l.CreatedBy)
            .Should()
            .Equal(BaseLayer.CreatedBy, DatasetLayer.CreatedBy(request.DatasetFolder!), TrainingRuntimeLayer.CreatedBy);
        messages
            .Should()
            .Contain(m => m.StartsWith("runtime layer: ", StringComparison.Ordinal) && m.EndsWith(" gzip"));
    }

    [Fact]
    public void Without_a_data_set_the_image_has_two_layers()
    {
        using var inputs = new TempDirectory();
        var image = TrainingImageBuilder.Build(new BlobStore(inputs.Combine("layout")), Inputs(inputs, data: false));
        image.Layers.Select(l => l.CreatedBy).Should().Equal(BaseLayer.CreatedBy, TrainingRuntimeLayer.CreatedBy);
    }

    [Fact]
    public void The_config_runs_the_cli_as_non_root_in_tmp_with_no_port_and_says_it_trains()
    {
        using var inputs = new TempDirectory();
        var store = new BlobStore(inputs.Combine("layout"));
        var image = TrainingImageBuilder.Build(store, Inputs(inputs));

        using var config = JsonDocument.Parse(File.ReadAllBytes(store.PathOf(image.Config.Digest)));
        var container = config.RootElement.GetProperty("config");
        container.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()).Should().Equal("/app/mlops");
        container.GetProperty("User").GetString().Should().Be("65532:65532");
        container.GetProperty("WorkingDir").GetString().Should().Be("/tmp");
        container.TryGetProperty("ExposedPorts", out _).Should().BeFalse();
        container
            .GetProperty("Env")
            .EnumerateArray()
            .Select(e => e.GetString())
            .Should()
            .Equal(
                "DOTNET_EnableDiagnostics=0",
                "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
                "HOME=/home/nonroot",
                "MLOPS_CACHE_HOME=/tmp/mlops-cache",
                "PATH=/app"
            );
        var labels = container.GetProperty("Labels");
        labels.GetProperty("dev.mlops.image.kind").GetString().Should().Be("training");
        labels.GetProperty("dev.mlops.git.commit").GetString().Should().Be("abc123");
        labels.GetProperty("org.opencontainers.image.revision").GetString().Should().Be("abc123");
        labels.GetProperty("org.opencontainers.image.version").GetString().Should().Be("t1");
    }

    [Fact]
    public void The_runtime_layer_leaves_out_debugger_files_and_libtorch_python_and_makes_natives_executable()
    {
        using var inputs = new TempDirectory();
        var entries = TrainingRuntimeLayer.Entries(FakeCliPublish(inputs)).ToDictionary(e => e.Path);

        entries
            .Keys.Should()
            .BeEquivalentTo(
                "/app/mlops",
                "/app/mlops.dll",
                "/app/libLibTorchSharp.so",
                "/app/libtorch_cpu.so",
                "/app/libgomp-98b21ff3.so.1"
            );
        entries["/app/mlops"].Mode.Should().Be(LayerEntry.ExecutableMode);
        entries["/app/libgomp-98b21ff3.so.1"].Mode.Should().Be(LayerEntry.ExecutableMode);
        entries["/app/mlops.dll"].Mode.Should().Be(LayerEntry.DefaultFileMode);
    }

    [Fact]
    public void A_publish_without_libtorch_never_becomes_an_image()
    {
        using var inputs = new TempDirectory();
        var publish = FakeCliPublish(inputs);
        File.Delete(Path.Combine(publish, "libtorch_cpu.so"));

        var act = () => TrainingRuntimeLayer.Entries(publish);

        act.Should().Throw<MlopsException>().WithMessage("libtorch_cpu.so is missing*");
    }

    [Fact]
    public void The_data_set_lands_at_its_host_path_and_a_missing_folder_is_a_clear_error()
    {
        using var inputs = new TempDirectory();
        var data = FakeDataset(inputs);

        DatasetLayer.Entries(data).Select(e => e.Path).Should().Equal($"{data}/train-images-idx3-ubyte.gz");
        var act = () => DatasetLayer.Entries(inputs.Combine("nope"));
        act.Should().Throw<MlopsException>().WithMessage("*does not exist*dataset-fashion-mnist*");
    }

    private sealed class Collect(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }
}
