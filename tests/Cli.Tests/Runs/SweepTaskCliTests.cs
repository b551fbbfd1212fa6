using System.Diagnostics;
using Mlops.Core.Config;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Stores.Gcs;
using Mlops.Registry.Tests;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Mlops.Train.Sweeps;
using Mlops.Train.Sweeps.Jobs;
using Mlops.Train.Training;

namespace Mlops.Cli.Tests.Runs;

/// <summary>
/// `mlops sweep task` as a job engine runs it: in its own process, told its trial by CLOUD_RUN_TASK_INDEX, writing to a
/// gs:// run store (the firebase-tools emulator). A task killed mid-epoch (SIGKILL: no chance to save anything) and
/// started again resumes from the stored checkpoint and ends with the uninterrupted trial's figures.
/// </summary>
public sealed class SweepTaskCliTests : IDisposable
{
    private readonly GcsEmulator _emulator = new();
    private readonly TempDirectory _folder = new("mlops-sweep-task-cli-test");
    private readonly string _bucket = $"sweeps-{Guid.NewGuid():N}"[..20];

    public void Dispose()
    {
        _emulator.Dispose();
        _folder.Dispose();
    }

    private string StoreUri => $"gs://{_bucket}/runs";

    private RunStore OpenStore() =>
        RunStore.Over(
            new GcsBlobStore(
                _bucket,
                "runs/",
                new GcsSettings { EmulatorHost = _emulator.Host, ChunkSize = 128 << 20 }
            ),
            _folder.Combine("cache-test")
        );

    private ProcessStartInfo Task(SweepJob job, int index)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "mlops.dll"), "sweep", "task" })
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add(job.Id);
        start.ArgumentList.Add("--runs");
        start.ArgumentList.Add(StoreUri);
        start.Environment["STORAGE_EMULATOR_HOST"] = _emulator.Host;
        start.Environment["MLOPS_GCS_CHUNK_MB"] = "128";
        start.Environment["MLOPS_CACHE_HOME"] = _folder.Combine($"cache-task{index}-{Guid.NewGuid():N}");
        start.Environment[TaskSlot.CloudRunIndex] = index.ToString();
        start.Environment[TaskSlot.CloudRunCount] = job.Trials.Count.ToString();
        return start;
    }

    private static (int Exit, string Output) RunToEnd(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(5)).Should().BeTrue();
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void A_task_killed_mid_epoch_and_started_again_resumes_and_ends_as_the_uninterrupted_trial()
    {
        File.WriteAllText(
            _folder.Combine("base.yaml"),
            """
            name: tiny
            seed: 5
            model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
            data: { subset: 640, val_fraction: 0.1, test_subset: 64 }
            optim: { name: sgd, lr: 0.05, momentum: 0.9 }
            train: { epochs: 3, batch_size: 64, threads: 2 }
            """
        );
        File.WriteAllText(
            _folder.Combine("sweep.yaml"),
            """
            name: tasks
            base: base.yaml
            parameters:
              optim.lr: { values: [0.05, 0.02] }
            """
        );
        using var store = OpenStore();
        var job = SweepJobFiles.Create(
            store.Bucket("the test"),
            SweepJob.Plan(SweepPlan.Load(_folder.Combine("sweep.yaml")), threads: 2)
        );
        var trial = job.Trials[1];

        using (var first = Process.Start(Task(job, 1))!)
        {
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (store.ReadRecord(trial.Run)?.Progress is not { Epochs: >= 1 } && DateTime.UtcNow < deadline)
                Thread.Sleep(200);
            Thread.Sleep(1500); // into epoch 2
            first.Kill();
            first.WaitForExit();
        }
        var killed = store.ReadRecord(trial.Run)!;
        killed.Status.Should().Be(RunStatus.Running, "SIGKILL left no chance to record anything");
        killed.Progress!.Epochs.Should().BeLessThan(3);

        var again = RunToEnd(Task(job, 1));

        again.Exit.Should().Be(0, again.Output);
        again.Output.Should().Contain($"(resuming {trial.Run} after epoch {killed.Progress.Epochs})");
        var record = store.ReadRecord(trial.Run)!;
        record.Status.Should().Be(RunStatus.Completed);
        record.Attempt.Should().Be(2);
        record.Trial!.Sweep.Should().Be(job.Id);
        record.Trial.Index.Should().Be(1);
        record.Trial.TaskStartedUtc.Should().BeBefore(record.CreatedUtc, "the task's process started before its run");
        var uninterrupted = TrainLocally(trial);
        store
            .ReadEpochs(trial.Run)
            .Select(epoch => (epoch.Epoch, epoch.TrainLoss, epoch.ValAccuracy))
            .Should()
            .Equal(
                RunFolder
                    .Open(uninterrupted.RunPath)
                    .Metrics.ReadEpochs()
                    .Select(e => (e.Epoch, e.TrainLoss, e.ValAccuracy)),
                "a resumed task repeats the uninterrupted trial epoch by epoch"
            );
        var evaluation = store.Find(trial.Run).EvaluationPath;
        File.ReadAllText(evaluation)
            .Should()
            .Contain(uninterrupted.Test!.Accuracy.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        var status = RunToEnd(Task(job, 1));
        status.Output.Should().Contain("has finished already: nothing to do");
    }

    private TrainOutcome TrainLocally(SweepJobTrial trial)
    {
        var loaded = ConfigLoader.LoadText<TrainConfig>(
            trial.ConfigYaml,
            "trial.yaml",
            ["output.runs_dir=" + _folder.Combine("local")]
        );
        return Trainer.Run(
            new TrainRequest
            {
                Config = loaded.Value,
                ResolvedYaml = trial.ConfigYaml,
                Output = TextWriter.Null,
                ShowProgress = false,
            }
        );
    }
}
