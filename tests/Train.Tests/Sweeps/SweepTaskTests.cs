using Mlops.Core.Errors;
using Mlops.Registry.Stores.Local;
using Mlops.Train.Runs.Store;
using Mlops.Train.Sweeps;
using Mlops.Train.Sweeps.Jobs;
using Mlops.Train.Tests.Config;

namespace Mlops.Train.Tests.Sweeps;

/// <summary>
/// A sweep as a job's tasks (issue 22), each task on its own "machine" (its own cache folder) sharing one bucket run
/// store: the same trials and the same best trial as the in-process sweep, the median rule fed from the store.
/// </summary>
public sealed class SweepTaskTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();
    private readonly LocalBlobStore _bucket;

    public SweepTaskTests() => _bucket = new LocalBlobStore(_scratch.File("bucket"));

    public void Dispose()
    {
        _bucket.Dispose();
        _scratch.Dispose();
    }

    private RunStore Machine(string name) => RunStore.Over(_bucket, _scratch.File("cache-" + name));

    private SweepJob Submit(string sweepFile) =>
        SweepJobFiles.Create(_bucket, SweepJob.Plan(SweepPlan.Load(sweepFile), threads: 2));

    private SweepTaskOutcome RunTask(SweepJob job, int index)
    {
        using var machine = Machine($"task{index}");
        return SweepTask.Run(
            machine,
            job.Id,
            new TaskSlot(index, job.Trials.Count, 0, "--task-index"),
            TextWriter.Null
        );
    }

    [Fact]
    public void Four_tasks_in_any_order_give_four_runs_and_the_best_trial_of_the_in_process_sweep()
    {
        var path = SweepFiles.Write(
            _scratch,
            """
            overrides: [train.epochs=1, schedule.warmup_epochs=0]
            parameters:
              optim.lr: { values: [0.05, 0.01, 0.2, 0.000001] }
            metric: { name: train_loss, goal: minimize }
            """
        );
        var inProcess = SweepRunner.Run(
            new SweepRequest
            {
                SweepFile = path,
                Output = TextWriter.Null,
                ShowProgress = false,
            }
        );
        var job = Submit(path);

        foreach (var index in new[] { 3, 1, 0, 2 })
            RunTask(job, index).AlreadyComplete.Should().BeFalse();

        using var reader = Machine("reader");
        var status = SweepJobStatus.Read(reader, job.Id);
        status.Settled.Should().BeTrue();
        status.Count(TrialState.Completed).Should().Be(4);
        status.BestTrial.Should().Be(inProcess.Record.BestTrial);
        status
            .Trials.Select(trial => trial.Metric)
            .Should()
            .Equal(inProcess.Record.Trials.Select(trial => trial.Metric), "the same configs train to the same loss");
        reader.List().Should().HaveCount(4).And.OnlyContain(run => run.Name.StartsWith(job.Id + "-t0"));
        var record = reader.ReadRecord(job.Trials[2].Run)!;
        (record.Trial!.Sweep, record.Trial.Index).Should().Be((job.Id, 2));
        record.Attempt.Should().Be(1);

        // A task started again for a finished trial (the engine retried it after it had finished) changes nothing.
        var again = RunTask(job, 2);
        again.AlreadyComplete.Should().BeTrue();
        reader.ReadRecord(job.Trials[2].Run)!.Should().BeEquivalentTo(record);
    }

    [Fact]
    public async Task Two_sweeps_started_in_the_same_second_writing_one_store_at_once_lose_nothing()
    {
        var path = SweepFiles.Write(
            _scratch,
            """
            overrides: [train.epochs=2, schedule.warmup_epochs=0]
            parameters:
              optim.lr: { values: [0.05, 0.01] }
            metric: { name: train_loss, goal: minimize }
            """
        );
        var now = DateTimeOffset.UtcNow;
        var first = SweepJobFiles.Create(_bucket, SweepJob.Plan(SweepPlan.Load(path), threads: 1, now));
        var second = SweepJobFiles.Create(_bucket, SweepJob.Plan(SweepPlan.Load(path), threads: 1, now));
        second.Id.Should().Be(first.Id + "-2", "the second job may not overwrite the first");

        // Four tasks at once, each on its own machine: records, chunks and checkpoints of both sweeps interleave.
        await Task.WhenAll(
            from job in new[] { first, second }
            from index in new[] { 0, 1 }
            select Task.Run(() =>
            {
                using var machine = Machine($"{job.Id}-task{index}");
                SweepTask.Run(machine, job.Id, new TaskSlot(index, 2, 0, "--task-index"), TextWriter.Null);
            })
        );

        using var reader = Machine("reader");
        var statuses = new[] { first, second }.Select(job => SweepJobStatus.Read(reader, job.Id)).ToList();
        statuses.Should().OnlyContain(status => status.Count(TrialState.Completed) == 2);
        reader.List().Should().HaveCount(4);
        foreach (var (job, status) in new[] { first, second }.Zip(statuses))
        foreach (var trial in status.Trials)
        {
            reader.ReadRecord(trial.Run)!.Trial!.Sweep.Should().Be(job.Id);
            reader.ReadEpochs(trial.Run).Select(epoch => epoch.Epoch).Should().Equal(1, 2);
        }
        statuses[1]
            .Trials.Select(trial => trial.Metric)
            .Should()
            .Equal(statuses[0].Trials.Select(trial => trial.Metric), "the same trials, trained side by side, unmixed");
    }

    [Fact]
    public void The_median_rule_prunes_a_task_against_the_trials_the_store_holds_finished()
    {
        var path = SweepFiles.Write(
            _scratch,
            """
            overrides: [train.epochs=2, schedule.warmup_epochs=0]
            parameters:
              optim.lr: { values: [0.01, 0.02, 0.0000001] }
            metric: { name: train_loss, goal: minimize }
            early_termination: { rule: median, min_epochs: 1, min_trials: 2 }
            """
        );
        var job = Submit(path);
        RunTask(job, 0);
        RunTask(job, 1);

        RunTask(job, 2);

        using var reader = Machine("reader");
        var status = SweepJobStatus.Read(reader, job.Id);
        var pruned = status.Trials[2];
        pruned.State.Should().Be(TrialState.Pruned);
        pruned.Epochs.Should().Be(1);
        pruned.Message.Should().StartWith("median rule: ").And.Contain("of 2 finished trials");
        status.Count(TrialState.Completed).Should().Be(2);
        RunTask(job, 2).AlreadyComplete.Should().BeTrue("a pruned trial is finished: a retried task leaves it");
    }

    [Fact]
    public void A_task_index_past_the_trials_or_a_folder_store_is_a_clear_error()
    {
        var path = SweepFiles.Write(
            _scratch,
            """
            overrides: [train.epochs=1, schedule.warmup_epochs=0]
            parameters:
              optim.lr: { values: [0.05, 0.01] }
            """
        );
        var job = Submit(path);

        var past = () => RunTask(job, 2);
        past.Should().Throw<MlopsException>().WithMessage("task 2 does not exist: sweep * has 2 trials (tasks 0 to 1)");

        using var folder = RunStore.Open(_scratch.File("runs"));
        var local = () => SweepTask.Run(folder, job.Id, new TaskSlot(0, null, null, "--task-index"), TextWriter.Null);
        local.Should().Throw<MlopsException>().WithMessage("a sweep task needs a run store in a bucket*");

        var env = () => TaskSlot.Resolve(null, name => name == TaskSlot.KubernetesIndex ? "x1" : null);
        env.Should().Throw<MlopsException>().Which.Where.Should().Be(TaskSlot.KubernetesIndex);
        TaskSlot.Resolve(null, name => name == TaskSlot.CloudRunIndex ? "3" : null).Index.Should().Be(3);
    }
}
