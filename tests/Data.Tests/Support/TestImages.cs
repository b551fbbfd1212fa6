using Mlops.Data.Images;

namespace Mlops.Data.Tests.Support;

/// <summary>Deterministic synthetic images: gradients with a per-image twist so every file differs.</summary>
public static class TestImages
{
    public static Image Gradient(int width, int height, int channels, int variant = 0)
    {
        var image = new Image(width, height, channels);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        for (int c = 0; c < channels; c++)
            image[x, y, c] = (byte)((x * 7 + y * 13 + c * 50 + variant * 31) % 256);
        return image;
    }

    /// <summary>Writes root/&lt;class&gt;/img&lt;i&gt;.png images, <paramref name="perClass"/> per class.</summary>
    public static void WriteFolder(
        string root,
        IReadOnlyList<string> classes,
        int perClass,
        int size = 8,
        int channels = 3
    )
    {
        for (int c = 0; c < classes.Count; c++)
        {
            Directory.CreateDirectory(Path.Combine(root, classes[c]));
            for (int i = 0; i < perClass; i++)
                PngEncoder.Save(
                    Gradient(size, size, channels, c * 100 + i),
                    Path.Combine(root, classes[c], $"img{i:D3}.png")
                );
        }
    }
}
