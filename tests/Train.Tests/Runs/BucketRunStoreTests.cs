using System.Text;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Local;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Mlops.Train.Tests.Config;
using Mlops.Train.Tests.Training;
using Mlops.Train.Training;

namespace Mlops.Train.Tests.Runs;

/// <summary>
/// Runs kept in a bucket (issue 22), on the local blob store, which has GCS's semantics (whole objects, generations,
/// create-only and compare-and-swap writes): what a trainer publishes, what a reader on another machine gets back, and
/// what happens when attempts and writers overlap.
/// </summary>
public sealed class BucketRunStoreTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();
    private readonly LocalBlobStore _bucket;

    public BucketRunStoreTests() => _bucket = new LocalBlobStore(_scratch.File("bucket"));

    public void Dispose()
    {
        _bucket.Dispose();
        _scratch.Dispose();
    }

    /// <summary>A store as one machine sees it: the shared bucket, its own cache folder.</summary>
    private RunStore Machine(string name) => RunStore.Over(_bucket, _scratch.File("cache-" + name));

    private BlobInfo? Stat(string name) => _bucket.StatAsync(name).GetAwaiter().GetResult();

    private void Put(string name, string text) =>
        _bucket.PutBytesAsync(name, Encoding.UTF8.GetBytes(text), WriteCondition.DoesNotExist).GetAwaiter().GetResult();

    private List<string> Objects(string prefix) =>
        _bucket.ListAllAsync(prefix).ToBlockingEnumerable().Select(blob => blob.Name).ToList();

    [Fact]
    public void A_run_trained_into_a_bucket_reads_back_elsewhere_as_the_same_run()
    {
        var local = Trainer.Run(TinyRuns.Request(_scratch.File("local")));
        using var trainer = Machine("trainer");

        var outcome = Trainer.Run(TinyRuns.Request(_scratch.File("unused")) with { Store = trainer });

        var run = outcome.RunName;
        Objects($"{run}/metrics/")
            .Should()
            .Equal(
                $"{run}/metrics/e00001.a001.jsonl",
                $"{run}/metrics/e00002.a001.jsonl",
                $"{run}/metrics/e00003.a001.jsonl"
            );
        var record = BucketRunDownload.ReadRecord(_bucket, run).Info;
        record.Status.Should().Be(RunStatus.Completed);
        record.Progress!.Epochs.Should().Be(3);
        record.Stored!.LastEpoch.Should().Be(3);
        // Only the checkpoints the record names are kept: earlier epochs' folders were deleted as the run went on.
        Objects($"{run}/checkpoints/")
            .Should()
            .OnlyContain(name =>
                name.StartsWith($"{run}/checkpoints/e00003/last.", StringComparison.Ordinal)
                || name.StartsWith(
                    BucketRunLayout.CheckpointFolder(run, record.Stored.BestEpoch!.Value) + "best.",
                    StringComparison.Ordinal
                )
            )
            .And.HaveCount(4);
        Stat($"{run}/evaluation.json").Should().NotBeNull();
        Stat($"{run}/train.log").Should().NotBeNull();

        using var reader = Machine("reader");
        var listed = reader.List().Should().ContainSingle().Subject;
        listed.Name.Should().Be(run);
        listed.Epochs.Should().Be(3);
        listed.TestAccuracy.Should().Be(outcome.Test!.Accuracy);
        var copy = reader.Find("tiny");
        copy.Path.Should().StartWith(_scratch.File("cache-reader"));
        copy.Metrics.ReadEpochs()
            .Select(epoch => epoch.TrainLoss)
            .Should()
            .Equal(RunFolder.Open(local.RunPath).Metrics.ReadEpochs().Select(epoch => epoch.TrainLoss));
        File.ReadAllBytes(copy.BestCheckpointPath)
            .Should()
            .Equal(File.ReadAllBytes(RunFolder.Open(outcome.RunPath).BestCheckpointPath));
        CheckpointEvaluation
            .Run(copy.BestCheckpointPath, Data.Datasets.DatasetSpec.Parse("fashion-mnist:test"), subset: 256)
            .Accuracy.Should()
            .Be(outcome.Test.Accuracy, "the best checkpoint read back from the bucket is the one the run tested");
    }

    [Fact]
    public void A_run_stopped_on_one_machine_resumes_on_another_from_the_stored_checkpoint()
    {
        var uninterrupted = Trainer.Run(TinyRuns.Request(_scratch.File("local")));
        using var first = Machine("first");
        var stopped = Trainer.Run(
            TinyRuns.Request(_scratch.File("unused")) with
            {
                Store = first,
                ContinueAfterEpoch = _ => false,
            }
        );
        stopped.EpochsCompleted.Should().Be(1);
        // A crashed attempt's half epoch: a chunk the record never committed. Readers must not show it.
        Put(
            BucketRunLayout.MetricsChunk(stopped.RunName, 2, 1),
            "{\"kind\":\"epoch\",\"epoch\":2,\"train_loss\":99}\n"
        );
        using var second = Machine("second");
        second.Find(stopped.RunName).Metrics.ReadEpochs().Select(epoch => epoch.Epoch).Should().Equal(1);

        var resumed = Trainer.Run(
            TinyRuns.Request(_scratch.File("unused")) with
            {
                Store = second,
                ResumeFrom = stopped.RunName,
            }
        );

        var record = BucketRunDownload.ReadRecord(_bucket, stopped.RunName).Info;
        record.Status.Should().Be(RunStatus.Completed);
        record.Attempt.Should().Be(2);
        Objects($"{stopped.RunName}/metrics/")
            .Select(name => name[(name.LastIndexOf('/') + 1)..])
            .Should()
            .Equal("e00001.a001.jsonl", "e00002.a001.jsonl", "e00002.a002.jsonl", "e00003.a002.jsonl");
        using var third = Machine("third");
        third
            .Find(stopped.RunName)
            .Metrics.ReadEpochs()
            .Select(epoch => epoch.TrainLoss)
            .Should()
            .Equal(
                RunFolder.Open(uninterrupted.RunPath).Metrics.ReadEpochs().Select(epoch => epoch.TrainLoss),
                "the resumed run, read back from the bucket, is the uninterrupted run epoch by epoch"
            );
        resumed.Test!.Accuracy.Should().Be(uninterrupted.Test!.Accuracy);
    }

    [Fact]
    public void Two_writers_of_one_run_never_mix_the_second_is_stopped_and_the_record_kept()
    {
        using var store = Machine("a");
        var stopped = Trainer.Run(
            TinyRuns.Request(_scratch.File("unused")) with
            {
                Store = store,
                ContinueAfterEpoch = _ => false,
            }
        );
        using var other = Machine("b");
        var late = other.OpenForResume(stopped.RunName);
        // Meanwhile the first writer changes the record (a resumed task that got there first).
        var early = store.OpenForResume(stopped.RunName);
        early.MarkResumed(["mlops", "train"]);
        var committed = Stat(BucketRunLayout.Record(stopped.RunName))!;

        var act = () => late.MarkResumed(["mlops", "train"]);

        act.Should().Throw<MlopsException>().WithMessage("*another writer changed this run*");
        Stat(BucketRunLayout.Record(stopped.RunName))!.Generation.Should().Be(committed.Generation);
        BucketRunDownload.ReadRecord(_bucket, stopped.RunName).Info.Attempt.Should().Be(2);
    }

    [Fact]
    public void Runs_started_in_the_same_second_on_two_machines_get_distinct_names()
    {
        var now = new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);
        using var a = Machine("a");
        using var b = Machine("b");

        var first = RunFolder.Create(a.WorkFolder, "tiny", "name: tiny\n", [], now, mirror: a.NewRunMirror());
        var second = RunFolder.Create(b.WorkFolder, "tiny", "name: tiny\n", [], now, mirror: b.NewRunMirror());

        first.Name.Should().Be("tiny-20261207-200000");
        second.Name.Should().Be("tiny-20261207-200000-2", "the bucket's create-only record is the claim");
        a.List().Select(run => run.Name).Should().BeEquivalentTo(first.Name, second.Name);
    }

    [Fact]
    public void An_unknown_run_names_the_runs_the_store_holds()
    {
        using var store = Machine("a");
        RunFolder.Create(store.WorkFolder, "tiny", "name: tiny\n", [], mirror: store.NewRunMirror());

        var act = () => store.Find("tinny");

        act.Should().Throw<MlopsException>().WithMessage("no run named 'tinny' (runs there: tiny-*");
    }
}
