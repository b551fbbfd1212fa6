using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mlops.Deploy.Build;
using Mlops.Deploy.Image;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Container;

/// <summary>
/// The real training image (the published CLI with libtorch, the host's base layer, Fashion-MNIST baked in) loaded
/// into podman and run as a job task would run it: a real, tiny training to a completed run.
/// </summary>
public class TrainingImageTests
{
    private const string TinyConfig = """
        name: tiny
        seed: 1
        model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
        data: { subset: 128, val_fraction: 0.05, test_subset: 64 }
        optim: { name: sgd, lr: 0.05, momentum: 0.9 }
        train: { epochs: 1, batch_size: 64, threads: 2 }
        """;

    [Fact]
    public void The_image_trains_a_tiny_model_as_non_root_from_its_baked_in_data_without_network()
    {
        var clock = Stopwatch.StartNew();
        var publish = CliPublish.Directory;
        var published = clock.Elapsed;
        using var work = new TempDirectory();
        var progress = new Collected();
        var built = TrainingImageBuild.Run(
            new TrainingImageRequest(
                CliPublish: publish,
                DatasetFolder: TrainingImageRequest.FashionMnist,
                Version: "test",
                Layout: work.Combine("layout"),
                Archive: work.Combine("training.oci.tar")
            ),
            progress
        );
        var builtAt = clock.Elapsed;

        foreach (var layer in new[] { "base", "data", "runtime" })
            progress
                .Messages.Should()
                .Contain(m => Regex.IsMatch(m, $@"^{layer} layer: [\d.]+ MB tar, [\d.]+ MB gzip$"));
        built.Image.Layers.Should().HaveCount(3);
        using (var config = JsonDocument.Parse(File.ReadAllBytes(built.Image.Store.PathOf(built.Image.Config.Digest))))
        {
            var container = config.RootElement.GetProperty("config");
            container
                .GetProperty("Entrypoint")
                .EnumerateArray()
                .Select(e => e.GetString())
                .Should()
                .Equal("/app/mlops");
            container.GetProperty("User").GetString().Should().Be("65532:65532");
            container.GetProperty("WorkingDir").GetString().Should().Be("/tmp");
            container.TryGetProperty("ExposedPorts", out _).Should().BeFalse("a job task listens on nothing");
            container
                .GetProperty("Env")
                .EnumerateArray()
                .Select(e => e.GetString())
                .Should()
                .Contain(["PATH=/app", "HOME=/home/nonroot", "MLOPS_CACHE_HOME=/tmp/mlops-cache"]);
            var labels = container.GetProperty("Labels");
            labels.GetProperty("dev.mlops.image.kind").GetString().Should().Be("training");
            labels.GetProperty("dev.mlops.image.dataset").GetString().Should().Be("/usr/share/datasets/fashion-mnist");
        }

        using var podman = new Podman(insecureRegistry: "127.0.0.1:1"); // no registry: the image comes as an archive
        podman.RunOrThrow("load", "--quiet", "--input", built.Archive!);
        var image = built.Image.Config.Digest.Hex;
        podman
            .RunOrThrow(
                "image",
                "inspect",
                "--format",
                "{{.Config.User}} {{index .Config.Labels \"dev.mlops.image.kind\"}}",
                image
            )
            .Trim()
            .Should()
            .Be("65532:65532 training");
        var loadedAt = clock.Elapsed;

        // The container's user (65532) writes the runs into the bind-mounted folder.
        var job = work.Combine("job");
        System.IO.Directory.CreateDirectory(job);
        ProcessRunner.RunOrThrow("chmod", ["0777", job]);
        File.WriteAllText(Path.Combine(job, "tiny.yaml"), TinyConfig);
        var run = podman.Run([
            "run",
            "--rm",
            "--network",
            "none",
            "-v",
            $"{job}:/work",
            image,
            "train",
            "--config",
            "/work/tiny.yaml",
            "--runs",
            "/work/runs",
        ]);
        var trainedAt = clock.Elapsed;
        run.ExitCode.Should().Be(0, run.Output + run.Error);

        var runFolder = System
            .IO.Directory.GetDirectories(Path.Combine(job, "runs"), "tiny-*")
            .Should()
            .ContainSingle()
            .Subject;
        using (var record = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runFolder, "run.json"))))
            record.RootElement.GetProperty("status").GetString().Should().Be("completed");
        File.Exists(Path.Combine(runFolder, "evaluation.json")).Should().BeTrue();
        ProcessRunner.RunOrThrow("stat", ["-c", "%u", Path.Combine(runFolder, "run.json")]).Trim().Should().Be("65532");

        Console.WriteLine(string.Join(Environment.NewLine, progress.Messages));
        string Seconds(TimeSpan span) => $"{span.TotalSeconds:F0} s";
        Console.WriteLine(
            $"publish {Seconds(published)}, image {Seconds(builtAt - published)}, podman load "
                + $"{Seconds(loadedAt - builtAt)}, training run {Seconds(trainedAt - loadedAt)}"
        );
    }

    [Fact]
    public void Every_library_ldd_finds_for_the_published_cli_and_libtorch_is_in_the_base_layer_or_app()
    {
        var natives = TrainingRuntimeLayer
            .Entries(CliPublish.Directory)
            .Where(e => e.Path.Contains(".so", StringComparison.Ordinal) || e.Path == "/app/mlops")
            .Select(e => e.SourceFile!)
            .ToList();
        var ourOwn = natives.Select(Path.GetFileName).ToHashSet();
        var shipped = BaseLayer.LinkedLibraries.Concat(BaseLayer.OpenedLibraries).ToHashSet();

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in natives)
        {
            foreach (var line in ProcessRunner.Run("ldd", [file]).Output.Split('\n'))
            {
                // "version `GLIBCXX_3.4.32' not found": the image's libstdc++ is this host's, so it would fail there.
                if (line.Contains("version `", StringComparison.Ordinal))
                    missing.Add(line.Trim());
                var name = Path.GetFileName(line.Trim().Split(' ')[0]);
                if (name.Length > 0 && !name.StartsWith("linux-vdso", StringComparison.Ordinal))
                    if (!shipped.Contains(name) && !ourOwn.Contains(name) && !name.EndsWith(':'))
                        missing.Add($"{name} (for {Path.GetFileName(file)})");
            }
        }
        natives.Should().Contain(f => f.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal));
        missing.Should().BeEmpty("the container has nothing but the base layer, the data and /app");
    }

    /// <summary>Progress kept in order, on the reporting thread (Progress&lt;T&gt; would post it elsewhere).</summary>
    private sealed class Collected : IProgress<string>
    {
        public List<string> Messages { get; } = [];

        public void Report(string value) => Messages.Add(value);
    }
}
