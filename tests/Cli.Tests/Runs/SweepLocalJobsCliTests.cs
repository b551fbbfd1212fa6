using Mlops.Deploy.Build;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Gcs;
using Mlops.Registry.Tests;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Mlops.Train.Sweeps;
using Mlops.Train.Sweeps.Jobs;

namespace Mlops.Cli.Tests.Runs;

/// <summary>
/// `mlops sweep --target local-jobs` end to end: the real training image (the committed CLI with libtorch,
/// Fashion-MNIST baked in) run by podman as one container per trial with Cloud Run's task variables, every trial
/// written by its container into a gs:// run store (the GCS emulator), the result compared with the same sweep run
/// in-process. Only the control plane is local.
/// </summary>
public sealed class SweepLocalJobsCliTests : IDisposable, IClassFixture<SweepLocalJobsCliTests.Image>
{
    /// <summary>The training image as an OCI archive, built once for the class.</summary>
    public sealed class Image : IDisposable
    {
        private readonly TempDirectory _folder = new("mlops-local-jobs-image");

        public Image() =>
            Archive = TrainingImageBuild
                .Run(
                    new TrainingImageRequest(
                        CliPublish: CliPublish.Directory,
                        DatasetFolder: TrainingImageRequest.FashionMnist,
                        Version: "test",
                        Layout: _folder.Combine("layout"),
                        Archive: _folder.Combine("training.oci.tar")
                    )
                )
                .Archive!;

        public string Archive { get; }

        public void Dispose() => _folder.Dispose();
    }

    private readonly Image _image;
    private readonly GcsEmulator _emulator = new();
    private readonly TempDirectory _folder = new("mlops-sweep-local-jobs-test");
    private readonly string _bucket = $"local-jobs-{Guid.NewGuid():N}"[..22];

    public SweepLocalJobsCliTests(Image image)
    {
        _image = image;
        // Two trials at a time with one thread each, in-process and as tasks (--cpu 1): the same arithmetic.
        File.WriteAllText(
            _folder.Combine("base.yaml"),
            """
            name: tiny
            seed: 3
            model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
            data: { subset: 192, val_fraction: 0.25, test_subset: 64 }
            optim: { name: sgd, momentum: 0.9 }
            train: { epochs: 1, batch_size: 64, threads: 2 }
            """
        );
        File.WriteAllText(
            _folder.Combine("sweep.yaml"),
            """
            name: fashion_lr
            base: base.yaml
            parallel: 2
            metric: { name: val_loss, goal: minimize }
            parameters:
              optim.lr: { values: [0.1, 0.03, 0.01, 0.003] }
            """
        );
    }

    public void Dispose()
    {
        _emulator.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Four_trials_as_podman_tasks_end_as_four_complete_runs_with_the_in_process_sweeps_best_trial()
    {
        var jobs = Mlops(
            "sweep",
            "--config",
            _folder.Combine("sweep.yaml"),
            "--target",
            "local-jobs",
            "--image",
            _image.Archive,
            "--cpu",
            "1",
            "--runs",
            $"gs://{_bucket}/runs"
        );
        jobs.ExitCode.Should().Be(0, jobs.Output + jobs.Error);
        jobs.Output.Should().Contain("ended: 4/4 succeeded");
        var sweepId = jobs
            .Output.Split(' ', '\n')
            .First(word => word.StartsWith("fashion_lr-", StringComparison.Ordinal))
            .TrimEnd(':');
        using var bucket = new GcsBlobStore(_bucket, "runs/", new GcsSettings { EmulatorHost = _emulator.Host });
        using var store = RunStore.Over(bucket, _folder.Combine("read-cache"));
        var asTasks = SweepJobStatus.Read(store, sweepId);

        var inProcess = Mlops("sweep", "--config", _folder.Combine("sweep.yaml"), "--runs", _folder.Combine("runs"));
        inProcess.ExitCode.Should().Be(0, inProcess.Output + inProcess.Error);
        var sweep = SweepFile.Read(inProcess.Output.Split('\n').Single(l => l.StartsWith("sweep: ")).Split(' ')[1]);

        asTasks.Trials.Should().HaveCount(4).And.OnlyContain(trial => trial.State == TrialState.Completed);
        foreach (var trial in asTasks.Trials)
        {
            var record = store.ReadRecord(trial.Run)!;
            record.Attempt.Should().Be(1, "no task failed");
            record.Trial!.TaskStartedUtc.Should().NotBeNull("the task says when its process started");
            var same = sweep.Trials[trial.Index];
            same.Params.Should().Equal(trial.Params);
            trial.Metric.Should().BeApproximately(same.Metric!.Value, 1e-6, "the same trial trained the same way");
        }
        asTasks.BestTrial.Should().NotBeNull().And.Be(sweep.BestTrial);
    }

    [Fact]
    public async Task Sweep_cancel_from_another_process_stops_the_tasks_which_keep_their_last_checkpoint()
    {
        File.WriteAllText(
            _folder.Combine("long.yaml"),
            """
            name: long
            base: base.yaml
            parallel: 2
            overrides: [train.epochs=40, data.subset=1024]
            parameters:
              optim.lr: { values: [0.05, 0.01] }
            """
        );
        var store = $"gs://{_bucket}/runs";
        var sweeping = StartLocalJobs("long.yaml", retries: 0);
        using var bucket = new GcsBlobStore(_bucket, "runs/", new GcsSettings { EmulatorHost = _emulator.Host });
        using var reader = RunStore.Over(bucket, _folder.Combine("read-cache"));
        var sweepId = await SweepIdAsync(sweeping, bucket);
        await WhenAsync(sweeping, () =>
            SweepJobStatus.Read(reader, sweepId).Trials.All(trial => trial.Epochs >= 1) ? "trained" : null
        );

        var cancel = Mlops("sweep", "cancel", sweepId, "--runs", store);
        var ended = await sweeping.WaitAsync(TimeSpan.FromMinutes(2));

        cancel.ExitCode.Should().Be(0, cancel.Output + cancel.Error);
        cancel.Output.Should().Contain("asked the mlops sweep following");
        ended.ExitCode.Should().Be(1, ended.Output + ended.Error);
        ended.Output.Should().Contain("mlops sweep cancel asked to stop").And.Contain("2 cancelled");
        var status = SweepJobStatus.Read(reader, sweepId);
        status.Trials.Should().OnlyContain(trial => trial.State == TrialState.Interrupted && trial.Epochs < 40);
        foreach (var trial in status.Trials)
            reader.ReadRecord(trial.Run)!.Stored!.LastEpoch.Should().Be(trial.Epochs, "the next attempt resumes there");
    }

    [Fact]
    public async Task A_task_killed_mid_training_is_retried_by_the_engine_and_ends_as_the_uninterrupted_trial()
    {
        File.WriteAllText(
            _folder.Combine("once.yaml"),
            """
            name: once
            base: base.yaml
            parallel: 1
            overrides: [train.epochs=3, data.subset=320, train.threads=1]
            metric: { name: val_loss, goal: minimize }
            parameters:
              optim.lr: { values: [0.05] }
            """
        );
        var sweeping = StartLocalJobs("once.yaml", retries: 1);
        using var bucket = new GcsBlobStore(_bucket, "runs/", new GcsSettings { EmulatorHost = _emulator.Host });
        using var reader = RunStore.Over(bucket, _folder.Combine("read-cache"));
        var sweepId = await SweepIdAsync(sweeping, bucket);
        await WhenAsync(sweeping, () => SweepJobStatus.Read(reader, sweepId).Trials[0].Epochs >= 1 ? "epoch" : null);

        // SIGKILL, as a preempted machine or an out-of-memory kill: no checkpoint written on the way out.
        var podman = new Mlops.Deploy.Local.PodmanEngine(_folder.Combine("state", "podman-jobs"));
        var environment = new Dictionary<string, string>
        {
            ["CONTAINERS_CONF"] = _folder.Combine("state", "podman-jobs", "containers.conf"),
        };
        var running = ProcessRunner
            .RunOrThrow("podman", [.. podman.GlobalArguments, "ps", "--format", "{{.Names}}"], environment)
            .Trim();
        running.Should().EndWith("-t0-a0");
        ProcessRunner.RunOrThrow(
            "podman",
            [.. podman.GlobalArguments, "kill", "--signal", "KILL", running],
            environment
        );
        var ended = await sweeping.WaitAsync(TimeSpan.FromMinutes(4));
        var inProcess = Mlops("sweep", "--config", _folder.Combine("once.yaml"), "--runs", _folder.Combine("runs"));

        ended.ExitCode.Should().Be(0, ended.Output + ended.Error);
        ended.Output.Should().Contain("1/1 succeeded").And.Contain("1 retried");
        var trial = SweepJobStatus.Read(reader, sweepId).Trials.Single();
        reader.ReadRecord(trial.Run)!.Attempt.Should().Be(2, "the retried task resumed the run");
        inProcess.ExitCode.Should().Be(0, inProcess.Output + inProcess.Error);
        var uninterrupted = SweepFile
            .Read(inProcess.Output.Split('\n').Single(l => l.StartsWith("sweep: ")).Split(' ')[1])
            .Trials.Single();
        reader
            .ReadEpochs(trial.Run)
            .Select(epoch => epoch.ValLoss!.Value)
            .Should()
            .Equal(
                uninterrupted.History,
                (resumed, straight) => Math.Abs(resumed - straight) < 1e-6,
                "the resumed trial repeats the uninterrupted one epoch by epoch"
            );
    }

    /// <summary>`mlops sweep --target local-jobs` on one CPU per task, running in the background.</summary>
    private Task<ProcessRunner.Result> StartLocalJobs(string sweepFile, int retries) =>
        Task.Run(() =>
            Mlops(
                "sweep",
                "--config",
                _folder.Combine(sweepFile),
                "--target",
                "local-jobs",
                "--image",
                _image.Archive,
                "--cpu",
                "1",
                "--retries",
                retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--runs",
                $"gs://{_bucket}/runs"
            )
        );

    /// <summary>The id of the sweep job once it is planned into the store.</summary>
    private static Task<string> SweepIdAsync(Task<ProcessRunner.Result> sweeping, IBlobStore bucket) =>
        WhenAsync(sweeping, () =>
            bucket
                .ListAllAsync(".sweeps/")
                .ToBlockingEnumerable()
                .Select(blob => blob.Name.Split('/')[1])
                .FirstOrDefault()
        );

    /// <summary>Polls until <paramref name="probe"/> gives a value, failing when the sweep ends first.</summary>
    private static async Task<string> WhenAsync(Task<ProcessRunner.Result> sweeping, Func<string?> probe)
    {
        for (var waited = 0; waited < 600; waited++)
        {
            if (probe() is { } value)
                return value;
            if (sweeping.IsCompleted)
                throw new InvalidOperationException($"the sweep ended first: {(await sweeping).Output}");
            await Task.Delay(500);
        }
        throw new TimeoutException("the sweep never got there");
    }

    private ProcessRunner.Result Mlops(params string[] arguments) =>
        ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. arguments],
            new Dictionary<string, string>
            {
                ["STORAGE_EMULATOR_HOST"] = _emulator.Host,
                ["MLOPS_STATE_HOME"] = _folder.Combine("state"),
                ["MLOPS_CACHE_HOME"] = _folder.Combine("cache"),
                // The emulator cuts a resumable upload at its first chunk: checkpoints must fit in one.
                ["MLOPS_GCS_CHUNK_MB"] = "128",
            },
            TimeSpan.FromMinutes(8)
        );
}
