using System.Text.Json;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Tests;

namespace Mlops.Cli.Tests.Runs;

/// <summary>
/// `mlops train`, `runs list|show|compare`, `report`, `eval` and `export` with runs kept in gs:// (issue 22), through the real CLI against
/// the firebase-tools Storage emulator; each command runs with its own cache folder, as on another machine.
/// </summary>
public sealed class BucketRunStoreCliTests : IDisposable
{
    private readonly GcsEmulator _emulator = new();
    private readonly TempDirectory _folder = new("mlops-bucket-runs-cli-test");
    private readonly string _store = $"gs://runs-{Guid.NewGuid():N}"[..22] + "/team/runs";

    public void Dispose()
    {
        _emulator.Dispose();
        _folder.Dispose();
    }

    private ProcessRunner.Result Mlops(string machine, params string[] args) =>
        ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. args],
            new Dictionary<string, string>
            {
                ["STORAGE_EMULATOR_HOST"] = _emulator.Host,
                // The emulator ends a resumable upload at its first chunk: a checkpoint must fit in one.
                ["MLOPS_GCS_CHUNK_MB"] = "128",
                ["MLOPS_CACHE_HOME"] = _folder.Combine("cache-" + machine),
                ["MLOPS_RUNS"] = "",
            },
            TimeSpan.FromMinutes(5)
        );

    [Fact]
    public void A_run_trained_into_gs_is_listed_shown_compared_and_reported_from_another_machine()
    {
        var config = _folder.Combine("tiny.yaml");
        File.WriteAllText(
            config,
            """
            name: tiny
            seed: 3
            model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
            data: { subset: 128, val_fraction: 0.05, test_subset: 64 }
            optim: { name: sgd, lr: 0.05, momentum: 0.9 }
            train: { epochs: 2, batch_size: 64, threads: 2 }
            """
        );

        var train = Mlops("trainer", "train", "--config", config, "--runs", _store);

        train.ExitCode.Should().Be(0, train.Output + train.Error);
        train.Output.Should().MatchRegex($@"stored: {_store}/tiny-\d{{8}}-\d{{6}}");
        train
            .Output.Should()
            .Contain("run: " + _folder.Combine("cache-trainer"), "trained in the cache, kept in the bucket");
        var second = Mlops("trainer", "train", "--config", config, "--runs", _store, "seed=4");
        second.ExitCode.Should().Be(0, second.Output + second.Error);
        Directory
            .GetFiles(_folder.Combine("cache-trainer"), "config.yaml", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .Should()
            .Contain(
                yaml => yaml.Contains("# command line") && yaml.Contains($"# {config}:"),
                "a run's config.yaml says where each value came from"
            );

        var list = Mlops("reader", "runs", "list", "--runs", _store, "--json");
        list.ExitCode.Should().Be(0, list.Error);
        var runs = JsonDocument.Parse(list.Output).RootElement.EnumerateArray().ToList();
        runs.Should().HaveCount(2);
        runs.Should()
            .OnlyContain(run =>
                run.GetProperty("status").GetString() == "completed" && run.GetProperty("epochs").GetInt32() == 2
            );
        runs.Should().OnlyContain(run => run.GetProperty("test_accuracy").ValueKind == JsonValueKind.Number);

        var show = Mlops("reader", "runs", "show", "tiny", "--runs", _store, "--json");
        show.ExitCode.Should().Be(0, show.Error);
        JsonDocument
            .Parse(show.Output)
            .RootElement.GetProperty("info")
            .GetProperty("attempt")
            .GetInt32()
            .Should()
            .Be(1);
        var names = runs.Select(run => run.GetProperty("name").GetString()!).ToArray();
        var compare = Mlops("other", "runs", "compare", names[0], names[1], "--runs", _store, "--json");
        compare.ExitCode.Should().Be(0, compare.Error);
        compare.Output.Should().Contain("seed");
        var report = Mlops(
            "other",
            "report",
            names[0],
            "--runs",
            _store,
            "--images",
            "0",
            "--out",
            _folder.Combine("r.html")
        );
        report.ExitCode.Should().Be(0, report.Error);
        File.ReadAllText(_folder.Combine("r.html")).Should().Contain(names[0]);

        // eval and export name a run of the store; a bucket's is fetched into this machine's cache first.
        var eval = Mlops(
            "evaluator",
            "eval",
            "--runs",
            _store,
            "--checkpoint",
            $"{names[0]}/checkpoints/best.safetensors",
            "--split",
            "test",
            "--json"
        );
        eval.ExitCode.Should().Be(0, eval.Output + eval.Error);
        var evaluated = JsonDocument.Parse(eval.Output).RootElement;
        evaluated.GetProperty("images").GetInt32().Should().Be(64, "the run's own test subset");
        evaluated
            .GetProperty("accuracy")
            .GetDouble()
            .Should()
            .BeApproximately(runs[0].GetProperty("test_accuracy").GetDouble(), 1e-9);
        var onnx = _folder.Combine("tiny.onnx");
        var export = Mlops("evaluator", "export", "--runs", _store, "--run", names[0], "--out", onnx);
        export.ExitCode.Should().Be(0, export.Output + export.Error);
        export.Output.Should().Contain("passed");
        File.Exists(onnx).Should().BeTrue();
    }

    [Fact]
    public void A_store_of_an_unknown_kind_or_an_unknown_run_is_a_clear_error()
    {
        var scheme = Mlops("a", "runs", "list", "--runs", "s3://bucket/runs");
        scheme.ExitCode.Should().Be(2);
        scheme.Error.Should().StartWith("error: --runs: unsupported run store 's3://bucket/runs'");

        var unknown = Mlops("a", "runs", "show", "nothing", "--runs", _store);
        unknown.ExitCode.Should().Be(2);
        unknown.Error.Should().Contain("no run named 'nothing' (there are no runs there)").And.NotContain("   at ");
    }

    [Fact]
    public void The_pipelines_train_stage_keeps_its_run_in_the_bucket_and_skips_it_when_nothing_changed()
    {
        File.WriteAllText(
            _folder.Combine("tiny.yaml"),
            """
            name: piped
            seed: 1
            model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
            data: { subset: 128, val_fraction: 0.05, test_subset: 64 }
            optim: { name: sgd, lr: 0.05, momentum: 0.9 }
            train: { epochs: 1, batch_size: 64, threads: 2 }
            """
        );
        var pipeline = _folder.Combine("pipeline.yaml");
        File.WriteAllText(pipeline, $"train_config: tiny.yaml\ntrain_job:\n  runs: {_store}\n");

        var first = Mlops("ci", "pipeline", "run", "--config", pipeline, "--until", "train");
        var again = Mlops("ci", "pipeline", "run", "--config", pipeline, "--until", "train");

        first.ExitCode.Should().Be(0, first.Output + first.Error);
        var list = Mlops("reader", "runs", "list", "--runs", _store, "--json");
        var run = JsonDocument.Parse(list.Output).RootElement.EnumerateArray().Single();
        run.GetProperty("name").GetString().Should().StartWith("piped-");
        run.GetProperty("status").GetString().Should().Be("completed");
        again.ExitCode.Should().Be(0, again.Output + again.Error);
        again.Output.Should().Contain("train: unchanged");
    }
}
