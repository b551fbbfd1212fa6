using Mlops.Core.Errors;
using Mlops.Data.FashionMnist;
using Mlops.Data.Images;

namespace Mlops.Serve.Offline;

/// <summary>One image to predict offline: a name for the output and a way to get its pixels.</summary>
public sealed record PredictionInput(string Name, Func<Image> Load);

/// <summary>
/// What `mlops predict --input` accepts: a folder (every PNG/JPEG/BMP/GIF under it, sorted) or a built-in data set
/// "fashion-mnist:test" / "fashion-mnist:train", optionally limited to the first N images ("fashion-mnist:test:500").
/// </summary>
public static class PredictionInputs
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif"];

    public static IReadOnlyList<PredictionInput> Open(string input, long maxPixels)
    {
        if (input.StartsWith("fashion-mnist:", StringComparison.Ordinal))
            return FashionMnist(input);
        if (!Directory.Exists(input))
            throw new MlopsException("input folder not found (or use fashion-mnist:test)", input);
        var files = Directory
            .EnumerateFiles(input, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .Select(f => new PredictionInput(Path.GetRelativePath(input, f), () =>
                ImageDecoder.DecodeFile(f, 0, maxPixels)
            ))
            .ToList();
        return files.Count > 0
            ? files
            : throw new MlopsException("no image files (png, jpg, bmp, gif) in this folder", input);
    }

    private static List<PredictionInput> FashionMnist(string input)
    {
        var parts = input.Split(':');
        var split = parts[1] switch
        {
            "test" => FashionMnistSplit.Test,
            "train" => FashionMnistSplit.Train,
            _ => throw new MlopsException(
                $"'{parts[1]}' is not a split: use fashion-mnist:test or fashion-mnist:train",
                input
            ),
        };
        var limit =
            parts.Length > 2
                ? int.TryParse(parts[2], out var n) && n > 0
                    ? n
                    : throw new MlopsException($"'{parts[2]}' is not a positive count", input)
                : int.MaxValue;
        var data = FashionMnistDataset.Load(split);
        return Enumerable
            .Range(0, Math.Min(limit, data.Count))
            .Select(i => new PredictionInput($"{input.Split(':')[0]}:{parts[1]}:{i}", () =>
                new Image(data.Width, data.Height, data.Channels, data.ImagePixels(i).ToArray())
            ))
            .ToList();
    }
}
