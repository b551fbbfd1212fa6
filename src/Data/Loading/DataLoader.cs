using System.Collections;
using System.Diagnostics;
using Mlops.Core.Errors;
using Mlops.Data.Augmentation;
using Mlops.Data.Datasets;
using Mlops.Data.Normalization;
using Mlops.Data.Sampling;

namespace Mlops.Data.Loading;

/// <summary>
/// Batches of a view, prepared on a background thread a few batches ahead so the math never waits for data.
/// The order (seeded per epoch) and every augmentation depend only on (seed, epoch), never on timing.
/// Buffers are pooled: the same few batches are refilled all run long, so the loader makes no garbage.
/// One epoch at a time: finish or dispose an epoch's enumerator before starting the next.
/// </summary>
public sealed class DataLoader
{
    private readonly DatasetView _view;
    private readonly SampleWriter _writer;
    private readonly Batch[] _pool;
    private int _epochActive;
    private long _waitTicks;
    private long _busyTicks;
    private int _delivered;

    public DataLoader(DatasetView view, ChannelStats normalization, DataLoaderOptions options)
    {
        if (options.BatchSize <= 0)
            throw new MlopsException($"batch size must be positive, got {options.BatchSize}", "batch_size");
        if (options.PrefetchBatches < 0)
            throw new MlopsException(
                $"prefetch batches cannot be negative, got {options.PrefetchBatches}",
                "prefetch_batches"
            );
        if (options.Augment.RandomCropPadding < 0)
            throw new MlopsException(
                $"random crop padding cannot be negative, got {options.Augment.RandomCropPadding}",
                "augment.random_crop_padding"
            );
        if (options.Augment.RandomErasing is < 0 or > 1)
            throw new MlopsException(
                $"random erasing is a probability between 0 and 1, got {options.Augment.RandomErasing}",
                "augment.random_erasing"
            );
        _view = view;
        Options = options;
        _writer = new SampleWriter(view.Dataset, normalization, options.Augment, options.Seed);
        var d = view.Dataset;
        // Enough for a full queue, one batch being filled and one in the consumer's hands.
        _pool = Enumerable
            .Range(0, options.PrefetchBatches + 2)
            .Select(_ => new Batch(options.BatchSize, d.Channels, d.Height, d.Width))
            .ToArray();
    }

    public DataLoaderOptions Options { get; }
    public DatasetView View => _view;

    public int BatchCount =>
        Options.DropLast ? _view.Count / Options.BatchSize : (_view.Count + Options.BatchSize - 1) / Options.BatchSize;

    /// <summary>Consumer wait so far (since construction or the last <see cref="ResetStats"/>).</summary>
    public DataLoaderStats Stats =>
        new(
            TimeSpan.FromSeconds(Interlocked.Read(ref _waitTicks) / (double)Stopwatch.Frequency),
            Volatile.Read(ref _delivered),
            TimeSpan.FromSeconds(Interlocked.Read(ref _busyTicks) / (double)Stopwatch.Frequency)
        );

    public void ResetStats()
    {
        Interlocked.Exchange(ref _waitTicks, 0);
        Interlocked.Exchange(ref _busyTicks, 0);
        Interlocked.Exchange(ref _delivered, 0);
    }

    /// <summary>The data set indices of an epoch, in the order they will be batched.</summary>
    public int[] Order(int epoch)
    {
        var order = (int[])_view.Indices.Clone();
        if (Options.Shuffle)
            SeededRandom.Derive(Options.Seed, 0x5A0FF1E, (ulong)epoch).Shuffle(order.AsSpan());
        return order;
    }

    /// <summary>The batches of one epoch. Each batch is valid until the next is requested.</summary>
    public IEnumerable<Batch> Epoch(int epoch, CancellationToken cancellation = default) =>
        new EpochBatches(this, epoch, cancellation);

    internal Batch[] Pool => _pool;

    internal void BeginEpoch()
    {
        if (Interlocked.Exchange(ref _epochActive, 1) != 0)
            throw new InvalidOperationException(
                "this DataLoader is already serving an epoch; dispose that enumerator first"
            );
    }

    internal void EndEpoch() => Volatile.Write(ref _epochActive, 0);

    internal void RecordDelivery(long waitTicks)
    {
        Interlocked.Add(ref _waitTicks, waitTicks);
        Interlocked.Increment(ref _delivered);
    }

    internal void Fill(Batch batch, int number, int[] order, int epoch)
    {
        long start = Stopwatch.GetTimestamp();
        int first = number * Options.BatchSize;
        int count = Math.Min(Options.BatchSize, order.Length - first);
        int length = batch.SampleLength;
        bool augment = !Options.Augment.IsNone;
        for (int k = 0; k < count; k++)
        {
            int index = order[first + k];
            _writer.Write(index, epoch, augment, batch.Images.AsSpan(k * length, length));
            batch.Labels[k] = _view.Dataset.Labels[index];
            batch.Indices[k] = index;
        }
        batch.Number = number;
        batch.Count = count;
        Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - start);
    }

    /// <summary>PrefetchBatches = 0: batches prepared on the consumer's thread (debugging; all preparation counts as
    /// wait).</summary>
    private IEnumerator<Batch> Inline(int epoch, CancellationToken cancellation)
    {
        BeginEpoch();
        try
        {
            var order = Order(epoch);
            var batch = _pool[0];
            for (int number = 0; number < BatchCount; number++)
            {
                cancellation.ThrowIfCancellationRequested();
                long start = Stopwatch.GetTimestamp();
                Fill(batch, number, order, epoch);
                RecordDelivery(Stopwatch.GetTimestamp() - start);
                yield return batch;
            }
        }
        finally
        {
            EndEpoch();
        }
    }

    private sealed class EpochBatches(DataLoader loader, int epoch, CancellationToken cancellation) : IEnumerable<Batch>
    {
        public IEnumerator<Batch> GetEnumerator() =>
            loader.Options.PrefetchBatches == 0
                ? loader.Inline(epoch, cancellation)
                : new PrefetchingEpochEnumerator(loader, epoch, cancellation);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
