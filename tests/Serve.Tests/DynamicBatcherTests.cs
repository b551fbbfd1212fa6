using Mlops.Serve.Batching;
using Mlops.Serve.Errors;

namespace Mlops.Serve.Tests;

public sealed class DynamicBatcherTests
{
    private static readonly BatchingOptions Options = new()
    {
        MaxBatchSize = 8,
        MaxQueueDelayMs = 50,
        QueueCapacity = 64,
    };

    /// <summary>A runner that doubles each row's single value and records the batch sizes it saw.</summary>
    private sealed class Doubler
    {
        public readonly List<int> Sizes = [];
        public readonly ManualResetEventSlim Gate = new(true);

        public float[] Run(Memory<float> input, int rows)
        {
            Gate.Wait();
            lock (Sizes)
                Sizes.Add(rows);
            return input.ToArray().Select(v => v * 2).ToArray();
        }
    }

    [Fact]
    public async Task Rows_arriving_together_share_a_batch_no_larger_than_the_maximum_and_each_gets_its_own_answer()
    {
        var runner = new Doubler();
        var batcher = new DynamicBatcher("m", 1, Options, runner.Run);
        var results = await Task.WhenAll(
            Enumerable.Range(0, 20).Select(i => batcher.TryEnqueue([i], CancellationToken.None)!)
        );

        results.Select(r => r.Output[0]).Should().Equal(Enumerable.Range(0, 20).Select(i => i * 2f));
        runner.Sizes.Should().OnlyContain(size => size <= 8);
        runner.Sizes.Max().Should().BeGreaterThan(1);
        runner.Sizes.Sum().Should().Be(20);
        await batcher.DrainAsync();
    }

    [Fact]
    public async Task A_full_queue_refuses_instead_of_waiting_and_drain_finishes_what_was_queued()
    {
        var runner = new Doubler();
        runner.Gate.Reset(); // the model is busy
        var batcher = new DynamicBatcher(
            "m",
            1,
            Options with
            {
                QueueCapacity = 4,
                MaxBatchSize = 1,
                MaxQueueDelayMs = 0,
            },
            runner.Run
        );
        var accepted = new List<Task<BatchResult>>();
        var refused = 0;
        for (var i = 0; i < 10; i++)
        {
            try
            {
                accepted.Add(batcher.TryEnqueue([i], CancellationToken.None)!);
            }
            catch (QueueFullException)
            {
                refused++;
            }
        }

        refused.Should().BeGreaterThan(0);
        accepted.Count.Should().BeLessThanOrEqualTo(5, "4 queued and at most 1 taken by the busy worker");
        var drain = batcher.DrainAsync();
        batcher
            .TryEnqueue([99], CancellationToken.None)
            .Should()
            .BeNull("a draining batcher sends callers to the next version");
        runner.Gate.Set();
        await drain;
        (await Task.WhenAll(accepted)).Should().OnlyContain(r => r.Output.Length == 1);
    }

    [Fact]
    public async Task A_cancelled_row_is_never_run()
    {
        var runner = new Doubler();
        runner.Gate.Reset();
        var batcher = new DynamicBatcher("m", 1, Options with { MaxBatchSize = 1, MaxQueueDelayMs = 0 }, runner.Run);
        var first = batcher.TryEnqueue([1], CancellationToken.None)!;
        await Task.Delay(50); // the worker holds the first row
        using var gone = new CancellationTokenSource();
        var second = batcher.TryEnqueue([2], gone.Token)!;
        gone.Cancel(); // the client disconnected
        runner.Gate.Set();
        (await first).Output[0].Should().Be(2);
        await FluentActions.Awaiting(() => second).Should().ThrowAsync<OperationCanceledException>();
        await batcher.DrainAsync();
        runner.Sizes.Should().Equal(1);
    }

    [Fact]
    public async Task An_idle_model_runs_a_lone_row_on_the_callers_thread_and_never_beside_a_queued_batch()
    {
        var runner = new Doubler();
        var threads = new List<int>();
        var inside = new SemaphoreSlim(0);
        var running = 0;
        var overlapped = false;
        var batcher = new DynamicBatcher("m", 1, Options, (input, rows) =>
        {
            if (Interlocked.Increment(ref running) > 1)
                overlapped = true;
            lock (threads)
                threads.Add(Environment.CurrentManagedThreadId);
            inside.Release();
            try
            {
                return runner.Run(input, rows);
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        });

        batcher.TryRunAlone([3], CancellationToken.None)!.Output[0].Should().Be(6);
        threads
            .Should()
            .Equal([Environment.CurrentManagedThreadId], "nothing to share a batch with: no queue, no thread hop");
        await inside.WaitAsync(); // that run's signal

        runner.Gate.Reset(); // the next inline run holds the model
        var alone = Task.Run(() => batcher.TryRunAlone([4], CancellationToken.None));
        await inside.WaitAsync();
        batcher
            .TryRunAlone([5], CancellationToken.None)
            .Should()
            .BeNull("the model is busy: the caller queues instead");
        var queued = batcher.TryEnqueue([5], CancellationToken.None)!;
        var drain = batcher.DrainAsync();
        await Task.Delay(100);
        queued.IsCompleted.Should().BeFalse("the queued row waits for the inline run to give the model back");
        drain.IsCompleted.Should().BeFalse("draining waits for the inline run too: the session is freed after it");
        runner.Gate.Set();

        (await alone)!.Output[0].Should().Be(8);
        (await queued).Output[0].Should().Be(10);
        await drain;
        overlapped.Should().BeFalse("one worker means one batch at a time, inline runs included");
        batcher
            .TryRunAlone([6], CancellationToken.None)
            .Should()
            .BeNull("a drained batcher sends callers to the next version");
    }

    [Fact]
    public async Task A_lone_request_on_an_idle_model_is_not_held_for_the_queue_delay()
    {
        var runner = new Doubler();
        var batcher = new DynamicBatcher("m", 1, Options with { MaxQueueDelayMs = 2000 }, runner.Run);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
            (await batcher.TryEnqueue([i], CancellationToken.None)!).Output[0].Should().Be(2 * i);
        watch
            .ElapsedMilliseconds.Should()
            .BeLessThan(1500, "three sequential requests would take 6 s if each waited for company");
        await batcher.DrainAsync();
    }
}
