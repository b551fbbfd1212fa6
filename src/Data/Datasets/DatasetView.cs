namespace Mlops.Data.Datasets;

/// <summary>A selection of a data set's images (a split, a subset), by index, in a fixed order.</summary>
public sealed class DatasetView
{
    public DatasetView(ImageDataset dataset, int[] indices)
    {
        foreach (var i in indices)
            if ((uint)i >= (uint)dataset.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {i} outside 0..{dataset.Count - 1}");
        Dataset = dataset;
        Indices = indices;
    }

    /// <summary>Every image, in order.</summary>
    public static DatasetView All(ImageDataset dataset) => new(dataset, Enumerable.Range(0, dataset.Count).ToArray());

    public ImageDataset Dataset { get; }
    public int[] Indices { get; }
    public int Count => Indices.Length;

    public int Label(int position) => Dataset.Labels[Indices[position]];

    /// <summary>Images per class, indexed by label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Dataset.ClassNames.Count];
        foreach (var i in Indices)
            counts[Dataset.Labels[i]]++;
        return counts;
    }
}
