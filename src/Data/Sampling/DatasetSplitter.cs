using Mlops.Core.Errors;
using Mlops.Data.Datasets;

namespace Mlops.Data.Sampling;

/// <summary>Deterministic train/validation split of a view: the same seed and fraction always give the same
/// halves.</summary>
public static class DatasetSplitter
{
    /// <param name="validationFraction">Share of images (0 ≤ f &lt; 1) held out; rounded per class when
    /// stratified.</param>
    /// <param name="stratified">Keep each class's proportion in both parts.</param>
    /// <returns>Both parts as views over the same data set, indices ascending.</returns>
    public static (DatasetView Train, DatasetView Validation) Split(
        DatasetView view,
        double validationFraction,
        ulong seed,
        bool stratified = true
    )
    {
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new MlopsException(
                $"validation fraction must be in [0, 1), got {validationFraction}",
                "val_fraction"
            );
        var validation = new List<int>();
        var train = new List<int>();
        foreach (var group in Groups(view, stratified))
        {
            SeededRandom.Derive(seed, 0x5B1177, (ulong)group.Key).Shuffle(group.Members.AsSpan());
            int held = (int)Math.Round(group.Members.Length * validationFraction, MidpointRounding.AwayFromZero);
            // A class with very few images keeps at least one for training.
            held = Math.Min(held, group.Members.Length - 1);
            validation.AddRange(group.Members[..held]);
            train.AddRange(group.Members[held..]);
        }
        return (Sorted(view.Dataset, train), Sorted(view.Dataset, validation));
    }

    /// <summary>The view's indices grouped by label (or one group holding all), in label order.</summary>
    internal static IEnumerable<(int Key, int[] Members)> Groups(DatasetView view, bool byClass)
    {
        if (!byClass)
        {
            yield return (-1, (int[])view.Indices.Clone());
            yield break;
        }
        var labels = view.Dataset.Labels;
        foreach (var group in view.Indices.GroupBy(i => labels[i]).OrderBy(g => g.Key))
            yield return (group.Key, group.ToArray());
    }

    private static DatasetView Sorted(ImageDataset dataset, List<int> indices)
    {
        indices.Sort();
        return new DatasetView(dataset, indices.ToArray());
    }
}
