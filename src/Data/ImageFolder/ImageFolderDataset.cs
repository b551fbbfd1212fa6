using System.Security.Cryptography;
using System.Text;
using Mlops.Core.Errors;
using Mlops.Data.Datasets;
using Mlops.Data.Fingerprints;
using Mlops.Data.Images;

namespace Mlops.Data.ImageFolder;

/// <summary>
/// torchvision's ImageFolder layout: root/&lt;class&gt;/&lt;image&gt;. Classes are the sub-folders sorted by name
/// (ordinal), so label i is the i-th folder; images are .png .jpg .jpeg .bmp (any case), other files are ignored.
/// </summary>
public static class ImageFolderDataset
{
    public static readonly IReadOnlyList<string> Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Class names and files (relative paths with '/'), in label then name order.</summary>
    /// <param name="rootGivenAt">Where the root was given (a config key and line, an option); a missing root is
    /// reported there.</param>
    public static (IReadOnlyList<string> Classes, IReadOnlyList<(string RelativePath, int Label)> Files) Scan(
        string root,
        string? rootGivenAt = null
    )
    {
        if (!Directory.Exists(root))
            throw rootGivenAt is null
                ? new MlopsException("image folder not found (expected root/<class>/<image>.png|jpg|jpeg|bmp)", root)
                : new MlopsException(
                    $"image folder '{root}' not found (expected root/<class>/<image>.png|jpg|jpeg|bmp)",
                    rootGivenAt
                );
        var classes = Directory
            .GetDirectories(root)
            .Select(Path.GetFileName)
            .Where(name => !string.IsNullOrEmpty(name) && !name.StartsWith('.'))
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (classes.Count == 0)
            throw new MlopsException("no class folders found (expected root/<class>/<image>.png|jpg|jpeg|bmp)", root);

        var files = new List<(string, int)>();
        for (int label = 0; label < classes.Count; label++)
        {
            var classDir = Path.Combine(root, classes[label]);
            var images = Directory
                .GetFiles(classDir)
                .Select(Path.GetFileName)
                .Select(name => name!)
                .Where(IsImageName)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (images.Count == 0)
                throw new MlopsException(
                    $"class folder '{classes[label]}' holds no images ({string.Join(", ", Extensions)})",
                    classDir
                );
            files.AddRange(images.Select(name => ($"{classes[label]}/{name}", label)));
        }
        return (classes, files);
    }

    public static ImageDataset Load(string root, ImageFolderOptions? options = null)
    {
        options ??= new ImageFolderOptions();
        Image.RequireChannels(options.Channels, "imagefolder channels");
        var (classes, files) = Scan(root, options.RootGivenAt);

        // Only the small per-file hashes are kept, not the encoded bytes: a folder of photos can be gigabytes.
        var fileHashes = new byte[files.Count][];
        var decoded = new Image[files.Count];
        int done = 0;
        ParallelWork.For(0, files.Count, i =>
        {
            var path = Path.Combine(root, files[i].RelativePath);
            var raw = ReadFile(path);
            fileHashes[i] = SHA256.HashData(raw);
            var image = ColorConversion.ToChannels(
                ImageDecoder.Decode(raw, path, 0, options.MaxPixels),
                options.Channels
            );
            if (options.ImageSize is int size && (image.Width != size || image.Height != size))
                image = BilinearResize.Resize(image, size, size);
            decoded[i] = image;
            options.Progress?.Report((Interlocked.Increment(ref done), files.Count));
        });

        var first = decoded[0];
        for (int i = 1; i < decoded.Length; i++)
            if (decoded[i].Width != first.Width || decoded[i].Height != first.Height)
                throw new MlopsException(
                    $"image is {decoded[i].Width}x{decoded[i].Height} but {files[0].RelativePath} is "
                        + $"{first.Width}x{first.Height}; set an image size to resize them all",
                    Path.Combine(root, files[i].RelativePath)
                );

        var pixels = new byte[(long)first.Pixels.Length * decoded.Length];
        for (int i = 0; i < decoded.Length; i++)
            decoded[i].Pixels.CopyTo(pixels, (long)i * first.Pixels.Length);
        var labels = files.Select(f => f.Label).ToArray();
        return new ImageDataset(
            $"imagefolder:{root}",
            classes,
            options.Channels,
            first.Height,
            first.Width,
            pixels,
            labels,
            ContentHash(files.Select(f => f.RelativePath).ToList(), fileHashes)
        );
    }

    /// <summary>sha256 over each file's relative path and sha256, in label then name order (no decoding).</summary>
    public static string ContentHash(string root, string? rootGivenAt = null)
    {
        var (_, files) = Scan(root, rootGivenAt);
        var paths = files.Select(f => f.RelativePath).ToList();
        var fileHashes = new byte[paths.Count][];
        ParallelWork.For(0, paths.Count, i =>
            fileHashes[i] = Convert.FromHexString(FileHashCache.Sha256(Path.Combine(root, paths[i])))
        );
        return ContentHash(paths, fileHashes);
    }

    private static string ContentHash(IReadOnlyList<string> relativePaths, byte[][] fileHashes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < relativePaths.Count; i++)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(relativePaths[i] + "\0"));
            sha.AppendData(fileHashes[i]);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static bool IsImageName(string name) =>
        !name.StartsWith('.') && Extensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException($"cannot read image: {e.Message}", path, e);
        }
    }
}
