using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Gcs;
using Mlops.Registry.Tests;

namespace Mlops.Cli.Tests.Runs;

/// <summary>
/// `mlops sweep --target cloudrun-job` through the real CLI: the control plane against <see cref="FakeCloudRunJobs"/>
/// (request shapes of the Admin API v2), the run store in the GCS emulator. Cloud Run's own scheduling, retries and
/// machines are what only the real service proves.
/// </summary>
public sealed class SweepCloudRunJobCliTests : IDisposable
{
    private const string Image =
        "europe-docker.pkg.dev/p/mlops/train@sha256:4444444444444444444444444444444444444444444444444444444444444444";
    private readonly GcsEmulator _emulator = new();
    private readonly FakeCloudRunJobs _api = new();
    private readonly TempDirectory _folder = new("mlops-sweep-cloudrun-job-test");
    private readonly string _bucket = $"jobs-{Guid.NewGuid():N}"[..18];

    public SweepCloudRunJobCliTests()
    {
        File.WriteAllText(
            _folder.Combine("base.yaml"),
            """
            name: tiny
            model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
            data: { subset: 128, val_fraction: 0.1, test_subset: 64 }
            train: { epochs: 1, batch_size: 64, threads: 2 }
            """
        );
        File.WriteAllText(
            _folder.Combine("sweep.yaml"),
            """
            name: fashion_lr
            base: base.yaml
            parallel: 2
            parameters:
              optim.lr: { values: [0.05, 0.02, 0.01] }
            """
        );
    }

    public void Dispose()
    {
        _api.Dispose();
        _emulator.Dispose();
        _folder.Dispose();
    }

    private ProcessRunner.Result Sweep(params string[] extra) =>
        ProcessRunner.Run(
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "mlops.dll"),
                "sweep",
                "--config",
                _folder.Combine("sweep.yaml"),
                "--target",
                "cloudrun-job",
                "--runs",
                $"gs://{_bucket}/runs",
                "--endpoint",
                _api.Endpoint.ToString(),
                .. extra,
            ],
            new Dictionary<string, string>
            {
                ["STORAGE_EMULATOR_HOST"] = _emulator.Host,
                ["MLOPS_CLOUD_RUN_TOKEN"] = FakeCloudRunJobs.Token,
                ["MLOPS_CACHE_HOME"] = _folder.Combine("cache"),
            },
            TimeSpan.FromMinutes(3)
        );

    private List<string> SweepObjects()
    {
        using var store = new GcsBlobStore(_bucket, "runs/", new GcsSettings { EmulatorHost = _emulator.Host });
        return store.ListAllAsync(".sweeps/").ToBlockingEnumerable().Select(blob => blob.Name).ToList();
    }

    [Fact]
    public void A_sweep_becomes_one_job_of_a_task_per_trial_each_told_its_sweep_and_store()
    {
        var result = Sweep(
            "--project",
            "p",
            "--region",
            "europe-west1",
            "--image",
            Image,
            "--service-account",
            "trainer@p.iam.gserviceaccount.com",
            "--cpu",
            "4",
            "--retries",
            "2"
        );

        var job = _api.Job("projects/p/locations/europe-west1/jobs/mlops-sweep-fashion-lr")!;
        var sweepId = result
            .Output.Split(' ', '\n')
            .First(word => word.StartsWith("fashion_lr-", StringComparison.Ordinal))
            .TrimEnd(':');
        var container = job["template"]!["template"]!["containers"]![0]!;
        container["args"]!
            .AsArray()
            .Select(a => a!.GetValue<string>())
            .Should()
            .Equal("sweep", "task", sweepId, "--runs", $"gs://{_bucket}/runs");
        container["image"]!.GetValue<string>().Should().Be(Image);
        job.ToJsonString().Should().NotContain(FakeCloudRunJobs.Token, "the caller's credentials never reach a task");
        job["template"]!["taskCount"]!.GetValue<int>().Should().Be(3);
        job["template"]!["parallelism"]!.GetValue<int>().Should().Be(2);
        job["template"]!["template"]!["maxRetries"]!.GetValue<int>().Should().Be(2);
        SweepObjects().Should().BeEquivalentTo($".sweeps/{sweepId}/job.json", $".sweeps/{sweepId}/execution.json");
        result.Output.Should().Contain("ended: 3/3 succeeded");
        // The stand-in ran no container: the store has no trial runs, so the sweep is not settled.
        result.Output.Should().Contain("3 pending");
        result.ExitCode.Should().Be(1, result.Output + result.Error);

        var cancel = ProcessRunner.Run(
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "mlops.dll"),
                "sweep",
                "cancel",
                sweepId,
                "--runs",
                $"gs://{_bucket}/runs",
                "--endpoint",
                _api.Endpoint.ToString(),
            ],
            new Dictionary<string, string>
            {
                ["STORAGE_EMULATOR_HOST"] = _emulator.Host,
                ["MLOPS_CLOUD_RUN_TOKEN"] = FakeCloudRunJobs.Token,
            }
        );
        cancel.ExitCode.Should().Be(0, cancel.Output + cancel.Error);
        _api.Requests.Should().Contain(r => r.Method == "POST" && r.Path.EndsWith(":cancel"));
    }

    [Fact]
    public async Task Train_with_a_target_is_a_job_of_one_task_training_the_config()
    {
        var result = ProcessRunner.Run(
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "mlops.dll"),
                "train",
                "--config",
                _folder.Combine("base.yaml"),
                "optim.lr=0.03",
                "--target",
                "cloudrun-job",
                "--runs",
                $"gs://{_bucket}/runs",
                "--endpoint",
                _api.Endpoint.ToString(),
                "--project",
                "p",
                "--region",
                "us-central1",
                "--image",
                Image,
            ],
            new Dictionary<string, string>
            {
                ["STORAGE_EMULATOR_HOST"] = _emulator.Host,
                ["MLOPS_CLOUD_RUN_TOKEN"] = FakeCloudRunJobs.Token,
            },
            TimeSpan.FromMinutes(3)
        );

        var job = _api.Job("projects/p/locations/us-central1/jobs/mlops-sweep-tiny")!;
        job["template"]!["taskCount"]!.GetValue<int>().Should().Be(1, result.Output + result.Error);
        var id = job["template"]!["template"]!["containers"]![0]!["args"]![2]!.GetValue<string>();
        id.Should().StartWith("tiny-");
        using var store = new GcsBlobStore(_bucket, "runs/", new GcsSettings { EmulatorHost = _emulator.Host });
        var planned = System.Text.Encoding.UTF8.GetString(await store.ReadAllBytesAsync($".sweeps/{id}/job.json"));
        planned.Should().Contain("lr: 0.03", "the task trains the config with the command line's overrides");
    }

    [Theory]
    [InlineData("--region", "europe_west1", "--region")]
    [InlineData("--image", "europe-docker.pkg.dev/p/mlops/train:latest", "--image")]
    [InlineData("--service-account", "me@gmail.com", "--service-account")]
    public void A_wrong_region_image_or_service_account_is_refused_before_any_job_or_object_is_created(
        string option,
        string value,
        string where
    )
    {
        Dictionary<string, string> options = new()
        {
            ["--project"] = "p",
            ["--region"] = "europe-west1",
            ["--image"] = Image,
            ["--service-account"] = "trainer@p.iam.gserviceaccount.com",
        };
        options[option] = value;

        var result = Sweep([.. options.SelectMany(pair => new[] { pair.Key, pair.Value })]);

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().StartWith($"error: {where}: ").And.NotContain("   at ");
        _api.Requests.Should().BeEmpty();
        SweepObjects().Should().BeEmpty();
    }

    [Fact]
    public void Local_jobs_without_podman_say_so_and_start_nothing_rather_than_training_here()
    {
        Directory.CreateDirectory(_folder.Combine("no-tools"));

        var result = ProcessRunner.Run(
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "mlops.dll"),
                "sweep",
                "--config",
                _folder.Combine("sweep.yaml"),
                "--target",
                "local-jobs",
                "--runs",
                $"gs://{_bucket}/runs",
            ],
            new Dictionary<string, string>
            {
                ["STORAGE_EMULATOR_HOST"] = _emulator.Host,
                ["PATH"] = _folder.Combine("no-tools"),
            }
        );

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result
            .Error.Should()
            .Contain("podman and runc, which are not installed here")
            .And.Contain("nothing was started");
        SweepObjects().Should().BeEmpty();
    }
}
