using Mlops.Data.Images;

namespace Mlops.Tests.Shared;

/// <summary>A small ImageFolder data set on disk (root/&lt;class&gt;/&lt;n&gt;.png): 28x28 grey, dark and light images with noise.</summary>
public static class TinyImageFolder
{
    public static string Write(string root, int imagesPerClass = 16)
    {
        var random = new Random(3);
        foreach (var (name, level) in new[] { ("dark", 60), ("light", 190) })
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            for (var i = 0; i < imagesPerClass; i++)
            {
                var pixels = new byte[28 * 28];
                for (var p = 0; p < pixels.Length; p++)
                    pixels[p] = (byte)Math.Clamp(level + random.Next(-40, 41), 0, 255);
                File.WriteAllBytes(
                    Path.Combine(root, name, $"{i:D3}.png"),
                    PngEncoder.Encode(new Image(28, 28, 1, pixels))
                );
            }
        }
        return root;
    }
}
