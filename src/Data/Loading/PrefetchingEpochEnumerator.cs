using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Mlops.Data.Loading;

/// <summary>One epoch served by a background producer thread through a bounded queue of pooled batches.</summary>
internal sealed class PrefetchingEpochEnumerator : IEnumerator<Batch>
{
    private readonly DataLoader _loader;
    private readonly int _epoch;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenSource _stop;
    private readonly BlockingCollection<Batch> _free = new(new ConcurrentQueue<Batch>());
    private readonly BlockingCollection<Batch> _ready;
    private readonly Thread _producer;
    private Exception? _producerError;
    private Batch? _current;
    private bool _disposed;

    public PrefetchingEpochEnumerator(DataLoader loader, int epoch, CancellationToken cancellation)
    {
        loader.BeginEpoch();
        _loader = loader;
        _epoch = epoch;
        _cancellation = cancellation;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _ready = new BlockingCollection<Batch>(new ConcurrentQueue<Batch>(), loader.Options.PrefetchBatches);
        foreach (var batch in loader.Pool)
            _free.Add(batch);
        _producer = new Thread(Produce) { IsBackground = true, Name = "mlops-data-loader" };
        _producer.Start();
    }

    public Batch Current => _current ?? throw new InvalidOperationException("no current batch");
    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_current is not null)
        {
            _free.Add(_current);
            _current = null;
        }
        long start = Stopwatch.GetTimestamp();
        bool got = _ready.TryTake(out var next, Timeout.Infinite, _cancellation);
        long waited = Stopwatch.GetTimestamp() - start;
        if (!got)
        {
            _producer.Join();
            if (_producerError is not null)
                ExceptionDispatchInfo.Capture(_producerError).Throw();
            _cancellation.ThrowIfCancellationRequested();
            return false;
        }
        _loader.RecordDelivery(waited);
        _current = next;
        return true;
    }

    public void Reset() => throw new NotSupportedException("start a new epoch instead");

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _stop.Cancel();
        _producer.Join();
        _current = null;
        _stop.Dispose();
        _free.Dispose();
        _ready.Dispose();
        _loader.EndEpoch();
    }

    private void Produce()
    {
        var token = _stop.Token;
        try
        {
            var order = _loader.Order(_epoch);
            int batches = _loader.BatchCount;
            for (int number = 0; number < batches; number++)
            {
                var batch = _free.Take(token);
                _loader.Fill(batch, number, order, _epoch);
                _ready.Add(batch, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped by the consumer (disposed or cancelled): nothing to report.
        }
        catch (Exception e)
        {
            _producerError = e;
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }
}
