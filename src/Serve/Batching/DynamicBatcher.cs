using System.Diagnostics;
using System.Threading.Channels;
using Mlops.Serve.Errors;

namespace Mlops.Serve.Batching;

/// <summary>Runs one batch: <paramref name="rows"/> inputs laid out back to back; returns the output rows back to
/// back.</summary>
public delegate float[] BatchRunner(Memory<float> input, int rows);

/// <summary>
/// Groups single rows from many requests into batches for one model version. A bounded queue refuses work
/// when full (the caller answers 503) rather than letting latency grow; a batch closes when it is full or
/// when its oldest row has waited <see cref="BatchingOptions.MaxQueueDelayMs"/>. The wait only happens under
/// load (the previous batch held company): a lone request on an idle model runs at once, on the caller's own
/// thread (<see cref="TryRunAlone"/>). Closing the batcher lets queued rows finish (drain) and refuses new ones,
/// so a hot reload loses nothing.
/// </summary>
public sealed class DynamicBatcher
{
    private readonly Channel<BatchItem> _queue;
    private readonly BatchingOptions _options;
    private readonly BatchRunner _run;
    private readonly int _itemLength;
    private readonly string _model;
    private readonly IBatchObserver _observer;
    private readonly Task[] _workers;

    /// <summary>One slot per worker: a batch runs only while holding one, inline runs included.</summary>
    private readonly SemaphoreSlim _running;
    private volatile bool _closed;
    private int _lastBatchSize;

    public DynamicBatcher(
        string model,
        int itemLength,
        BatchingOptions options,
        BatchRunner run,
        IBatchObserver? observer = null
    )
    {
        if (options.MaxBatchSize < 1 || options.QueueCapacity < 1 || options.Workers < 1 || options.MaxQueueDelayMs < 0)
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"batching needs max_batch_size, queue capacity and workers >= 1 and a delay >= 0, got {options}"
            );
        _model = model;
        _itemLength = itemLength;
        _options = options;
        _run = run;
        _observer = observer ?? IBatchObserver.None;
        _running = new SemaphoreSlim(options.Workers, options.Workers);
        _queue = Channel.CreateBounded<BatchItem>(
            new BoundedChannelOptions(options.QueueCapacity)
            {
                SingleReader = options.Workers == 1,
                FullMode = BoundedChannelFullMode.Wait,
            }
        );
        _workers = Enumerable.Range(0, options.Workers).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    /// <summary>Rows waiting for a batch right now.</summary>
    public int QueueLength => _queue.Reader.CanCount ? _queue.Reader.Count : 0;

    public bool IsClosed => _closed;

    /// <summary>
    /// Queues one row. Returns null when the batcher is closed (the caller retries on the newer version);
    /// throws <see cref="QueueFullException"/> when the queue is full.
    /// </summary>
    public Task<BatchResult>? TryEnqueue(float[] input, CancellationToken cancellationToken)
    {
        if (input.Length != _itemLength)
            throw new ArgumentException(
                $"a row of this model holds {_itemLength} floats, got {input.Length}",
                nameof(input)
            );
        if (_closed)
            return null;
        var item = new BatchItem(input, cancellationToken);
        if (_queue.Writer.TryWrite(item))
            return item.Result;
        if (_closed)
            return null;
        _observer.Rejected();
        throw new QueueFullException(_model, _options.QueueCapacity);
    }

    /// <summary>
    /// Runs one row at once on the caller's thread when the model is idle (nothing queued, a worker slot free): no
    /// queue and no thread hop for a request that has nobody to share a batch with. Returns null when the model is
    /// busy or closed; the caller then queues the row with <see cref="TryEnqueue"/>. The runner's errors propagate.
    /// </summary>
    public BatchResult? TryRunAlone(float[] input, CancellationToken cancellationToken)
    {
        if (input.Length != _itemLength)
            throw new ArgumentException(
                $"a row of this model holds {_itemLength} floats, got {input.Length}",
                nameof(input)
            );
        if (_closed || QueueLength > 0 || !_running.Wait(0))
            return null;
        try
        {
            if (_closed)
                return null; // closed while taking the slot: the next version takes the row
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var output = _run(input, 1);
            var inferenceMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            RecordBatch(1, inferenceMs);
            _observer.Queued(0);
            return new BatchResult(output, 0, inferenceMs, 1);
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>Refuses new rows, finishes the queued ones and any inline run, then returns.</summary>
    public async Task DrainAsync()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers);
        for (var i = 0; i < _options.Workers; i++)
            await _running.WaitAsync(); // inline runs still holding a slot
        _running.Release(_options.Workers);
    }

    private async Task WorkAsync()
    {
        var batch = new List<BatchItem>(_options.MaxBatchSize);
        var buffer = new float[_options.MaxBatchSize * _itemLength];
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            await FillAsync(reader, batch);
            if (batch.Count == 0)
                continue;
            await _running.WaitAsync(); // an inline run may hold the model
            try
            {
                Execute(batch, buffer);
            }
            finally
            {
                _running.Release();
            }
        }
    }

    /// <summary>Takes rows until the batch is full or its first row has waited the maximum delay.</summary>
    private async Task FillAsync(ChannelReader<BatchItem> reader, List<BatchItem> batch)
    {
        long deadline = 0;
        while (batch.Count < _options.MaxBatchSize)
        {
            if (reader.TryRead(out var item))
            {
                if (item.CancellationToken.IsCancellationRequested)
                {
                    item.Cancel(); // the client left: no point computing its answer
                    continue;
                }

                if (batch.Count == 0)
                    deadline = item.EnqueuedAt + (long)(_options.MaxQueueDelayMs * Stopwatch.Frequency / 1000.0);
                batch.Add(item);
                continue;
            }

            if (batch.Count == 0)
                return; // another worker took it
            if (Volatile.Read(ref _lastBatchSize) <= 1 && batch.Count == 1)
                return; // nobody has been keeping it company: do not hold a lone request back
            var remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
                return;
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token))
                    return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A run of <paramref name="size"/> rows finished: remembered for the next batch's wait, and
    /// reported.</summary>
    private void RecordBatch(int size, double inferenceMs)
    {
        Volatile.Write(ref _lastBatchSize, size);
        _observer.Batch(size, inferenceMs);
    }

    private void Execute(List<BatchItem> batch, float[] buffer)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < batch.Count; i++)
            batch[i].Input.CopyTo(buffer, i * _itemLength);
        float[] output;
        try
        {
            output = _run(buffer.AsMemory(0, batch.Count * _itemLength), batch.Count);
        }
        catch (Exception error)
        {
            foreach (var item in batch)
                item.Fail(error);
            return;
        }

        var inferenceMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        RecordBatch(batch.Count, inferenceMs);
        var rowLength = output.Length / batch.Count;
        for (var i = 0; i < batch.Count; i++)
        {
            var queueMs = Stopwatch.GetElapsedTime(batch[i].EnqueuedAt, started).TotalMilliseconds;
            _observer.Queued(queueMs);
            batch[i]
                .Complete(
                    new BatchResult(
                        output.AsSpan(i * rowLength, rowLength).ToArray(),
                        queueMs,
                        inferenceMs,
                        batch.Count
                    )
                );
        }
    }
}

/// <summary>Receives what the batcher does, for metrics.</summary>
public interface IBatchObserver
{
    void Batch(int size, double inferenceMs);
    void Queued(double queueMs);
    void Rejected();

    public static readonly IBatchObserver None = new Nothing();

    private sealed class Nothing : IBatchObserver
    {
        public void Batch(int size, double inferenceMs) { }

        public void Queued(double queueMs) { }

        public void Rejected() { }
    }
}
