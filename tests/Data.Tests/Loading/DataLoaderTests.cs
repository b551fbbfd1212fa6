using Mlops.Data.Augmentation;
using Mlops.Data.Datasets;
using Mlops.Data.Images;
using Mlops.Data.Loading;
using Mlops.Data.Normalization;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Loading;

public class DataLoaderTests
{
    private static readonly ChannelStats Unit = new([0f], [1f]);

    private static List<(float[] Images, long[] Labels, int[] Indices)> Collect(
        DataLoader loader,
        int epoch,
        Action? perBatch = null
    )
    {
        var batches = new List<(float[], long[], int[])>();
        foreach (var batch in loader.Epoch(epoch))
        {
            perBatch?.Invoke();
            batches.Add((batch.ImageData.ToArray(), batch.LabelData.ToArray(), batch.Indices[..batch.Count]));
        }
        return batches;
    }

    [Fact]
    public void Every_image_appears_once_per_epoch_and_the_last_batch_is_partial()
    {
        var view = DatasetView.All(SmallSets.Blocks(3, 11)); // 33 images
        var loader = new DataLoader(view, Unit, new DataLoaderOptions { BatchSize = 8, Seed = 1 });

        var batches = Collect(loader, 0);

        loader.BatchCount.Should().Be(5);
        batches.Select(b => b.Labels.Length).Should().Equal(8, 8, 8, 8, 1);
        batches.SelectMany(b => b.Indices).Order().Should().Equal(Enumerable.Range(0, 33));
        foreach (var (images, labels, indices) in batches)
            for (int k = 0; k < indices.Length; k++)
            {
                labels[k].Should().Be(view.Dataset.Labels[indices[k]]);
                images[k * 16].Should().BeApproximately(indices[k] / 255f, 1e-6f); // pixels hold the index
            }
    }

    [Fact]
    public void Drop_last_skips_the_partial_batch()
    {
        var loader = new DataLoader(
            DatasetView.All(SmallSets.Blocks(3, 11)),
            Unit,
            new DataLoaderOptions { BatchSize = 8, DropLast = true }
        );

        Collect(loader, 0).Select(b => b.Labels.Length).Should().Equal(8, 8, 8, 8);
        loader.BatchCount.Should().Be(4);
    }

    [Fact]
    public void Order_is_seeded_per_epoch_and_unshuffled_loaders_keep_the_view_order()
    {
        var view = DatasetView.All(SmallSets.Blocks(4, 25));
        var a = new DataLoader(view, Unit, new DataLoaderOptions { BatchSize = 10, Seed = 5 });
        var b = new DataLoader(view, Unit, new DataLoaderOptions { BatchSize = 10, Seed = 5 });
        var plain = new DataLoader(view, Unit, new DataLoaderOptions { BatchSize = 10, Shuffle = false });

        a.Order(0).Should().Equal(b.Order(0));
        a.Order(0).Should().NotEqual(a.Order(1));
        a.Order(0).Should().NotEqual(new DataLoader(view, Unit, new DataLoaderOptions { Seed = 6 }).Order(0));
        Collect(plain, 3).SelectMany(x => x.Indices).Should().Equal(view.Indices);
    }

    [Fact]
    public void Batches_are_identical_whatever_the_consumer_speed_or_prefetch_depth_even_without_a_thread()
    {
        var view = DatasetView.All(SmallSets.Blocks(5, 20, size: 6));
        var options = new DataLoaderOptions
        {
            BatchSize = 7,
            Seed = 11,
            Augment = new AugmentOptions(RandomCropPadding: 2, HorizontalFlip: true),
        };
        var random = new Random(1);

        var fast = Collect(new DataLoader(view, Unit, options with { PrefetchBatches = 8 }), 2);
        var slow = Collect(new DataLoader(view, Unit, options with { PrefetchBatches = 1 }), 2, () =>
            Thread.Sleep(random.Next(0, 4))
        );

        var inline = Collect(new DataLoader(view, Unit, options with { PrefetchBatches = 0 }), 2);

        foreach (var other in new[] { slow, inline })
        {
            other.Should().HaveSameCount(fast);
            for (int i = 0; i < fast.Count; i++)
            {
                other[i].Indices.Should().Equal(fast[i].Indices);
                other[i].Labels.Should().Equal(fast[i].Labels);
                other[i].Images.Should().Equal(fast[i].Images);
            }
        }
    }

    [Fact]
    public void Values_are_normalised_with_the_given_statistics()
    {
        var set = FashionMnistFixture.Test;
        var stats = new ChannelStats([0.2860406f], [0.3530242f]);
        var loader = new DataLoader(new DatasetView(set, [0, 1, 2]), stats, new DataLoaderOptions { Shuffle = false });

        var batch = Collect(loader, 0).Single();

        var expected = ChwNormalizer.ToChw(set.GetImage(1), stats.Mean, stats.Std);
        batch.Images.AsSpan(784, 784).ToArray().Should().Equal(expected);
        batch.Labels.Should().Equal(9, 2, 1);
    }

    [Fact]
    public void Buffers_are_reused_across_batches_and_epochs()
    {
        var loader = new DataLoader(
            DatasetView.All(SmallSets.Blocks(10, 20)),
            Unit,
            new DataLoaderOptions { BatchSize = 4, PrefetchBatches = 2 }
        );
        var buffers = new HashSet<float[]>(ReferenceEqualityComparer.Instance);

        for (int epoch = 0; epoch < 3; epoch++)
            foreach (var batch in loader.Epoch(epoch))
                buffers.Add(batch.Images);

        buffers.Count.Should().BeLessThanOrEqualTo(4); // prefetch + one being filled + one held
    }

    [Fact]
    public void Cancellation_stops_the_epoch_and_a_new_epoch_can_start()
    {
        var loader = new DataLoader(
            DatasetView.All(SmallSets.Blocks(10, 50)),
            Unit,
            new DataLoaderOptions { BatchSize = 5 }
        );
        using var cancel = new CancellationTokenSource();
        int seen = 0;

        var act = () =>
        {
            foreach (var _ in loader.Epoch(0, cancel.Token))
                if (++seen == 3)
                    cancel.Cancel();
        };

        act.Should().Throw<OperationCanceledException>();
        seen.Should().Be(3);
        Collect(loader, 1).Should().HaveCount(100);
    }

    [Fact]
    public void Leaving_an_epoch_early_releases_the_loader_but_two_epochs_at_once_are_refused()
    {
        var loader = new DataLoader(
            DatasetView.All(SmallSets.Blocks(2, 50)),
            Unit,
            new DataLoaderOptions { BatchSize = 10 }
        );

        foreach (var _ in loader.Epoch(0))
            break;
        using var first = loader.Epoch(1).GetEnumerator();
        first.MoveNext().Should().BeTrue();

        var second = () => loader.Epoch(2).GetEnumerator();

        second.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Consumer_wait_is_measured_and_small_when_the_consumer_is_the_slow_side()
    {
        var loader = new DataLoader(
            DatasetView.All(SmallSets.Blocks(10, 10, size: 8)),
            Unit,
            new DataLoaderOptions { BatchSize = 5 }
        );
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Collect(loader, 0, () => Thread.Sleep(3)); // the "math" takes 3 ms a batch; preparing one takes microseconds

        var stats = loader.Stats;
        stats.BatchesDelivered.Should().Be(20);
        stats.ConsumerWait.Should().BePositive();
        stats.ConsumerWait.Should().BeLessThan(watch.Elapsed * 0.3);
        loader.ResetStats();
        loader.Stats.BatchesDelivered.Should().Be(0);
    }
}
