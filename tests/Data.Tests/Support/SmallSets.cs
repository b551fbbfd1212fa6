using Mlops.Data.Datasets;

namespace Mlops.Data.Tests.Support;

/// <summary>In-memory data sets with chosen labels, for sampling and loader tests that need no files.</summary>
public static class SmallSets
{
    /// <summary><paramref name="perClass"/> images per class (labels in blocks), each image filled with its index mod 256.</summary>
    public static ImageDataset Blocks(int classes, int perClass, int size = 4, int channels = 1)
    {
        int n = classes * perClass,
            length = size * size * channels;
        var pixels = new byte[n * length];
        for (int i = 0; i < n; i++)
            Array.Fill(pixels, (byte)(i % 256), i * length, length);
        var labels = Enumerable.Range(0, n).Select(i => i / perClass).ToArray();
        var names = Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray();
        return new ImageDataset("test:blocks", names, channels, size, size, pixels, labels, "content");
    }

    /// <summary>Unequal classes: class c has (c + 1) * unit images.</summary>
    public static ImageDataset Uneven(int classes, int unit)
    {
        var labels = Enumerable.Range(0, classes).SelectMany(c => Enumerable.Repeat(c, (c + 1) * unit)).ToArray();
        var names = Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray();
        return new ImageDataset("test:uneven", names, 1, 2, 2, new byte[labels.Length * 4], labels, "content");
    }
}
