namespace Mlops.Data.Loading;

/// <summary>How the consumer fared: time spent blocked waiting for a batch vs batches delivered.</summary>
public readonly record struct DataLoaderStats(TimeSpan ConsumerWait, int BatchesDelivered, TimeSpan ProducerBusy)
{
    public double MeanWaitMilliseconds => BatchesDelivered == 0 ? 0 : ConsumerWait.TotalMilliseconds / BatchesDelivered;
}
